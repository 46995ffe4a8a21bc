import DequeModule

/// One node of the behaviour tree: a session, app, scene or page, or a behaviour leaf.
///
/// Reference type because the tree is built in place while events stream in and the
/// renderer, the debugger and page links all point at the same nodes.
public final class BehaviorTreeNode {
    public enum Kind: String, Sendable {
        case session, app, scene, page, behavior
    }

    public let kind: Kind
    /// Unique within one `BehaviorTree`, increasing in creation order.
    public let id: Int64
    /// Session id, app/scene/page name, or the behaviour's event type.
    public let name: String
    /// Created because a lower-level event arrived without this level's enter event.
    public let isImplicit: Bool
    public let startTs: Int64
    /// When the node ended (exit event, a sibling replacing it, or the session ending).
    public internal(set) var endTs: Int64?
    /// The most recent children, oldest first; older ones are dropped beyond the tree's limit.
    public internal(set) var children: Deque<BehaviorTreeNode> = []
    public internal(set) var droppedChildren = 0
    /// Pages only: the jump from this page to the next one.
    public internal(set) var exitLink: PageLink?

    init(kind: Kind, id: Int64, name: String, isImplicit: Bool, startTs: Int64) {
        self.kind = kind
        self.id = id
        self.name = name
        self.isImplicit = isImplicit
        self.startTs = startTs
    }

    var isOpen: Bool { endTs == nil }

    func append(_ child: BehaviorTreeNode, limit: Int) {
        children.append(child)
        if children.count > limit {
            children.removeFirst()
            droppedChildren += 1
        }
    }
}

/// Source → destination link between consecutive pages of a session (SPEC §5).
public struct PageLink {
    /// The last behaviour on the source page before the jump; nil when there was none.
    public var cause: BehaviorTreeNode?
    public var destinationID: Int64
    public var destinationName: String
    public var ts: Int64
}

/// Memory bounds of a `BehaviorTree`.
public struct BehaviorTreeLimits: Sendable {
    /// Children kept per node; the oldest are dropped (and counted) beyond this.
    public var maxChildrenPerNode: Int
    /// Ended sessions kept for rendering, besides the current one.
    public var sessionHistory: Int

    public init(maxChildrenPerNode: Int = 1_000, sessionHistory: Int = 8) {
        self.maxChildrenPerNode = max(1, maxChildrenPerNode)
        self.sessionHistory = max(0, sessionHistory)
    }
}
