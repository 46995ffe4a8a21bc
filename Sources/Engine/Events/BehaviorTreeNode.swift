import DequeModule

/// One node of the behaviour tree: a session, app, scene or page, or a behaviour leaf.
///
/// Reference type because the tree is built in place while events stream in and the
/// renderer, the debugger and page links all point at the same nodes.
public final class BehaviorTreeNode {
    public enum Kind: String, Sendable {
        case session, app, scene, page, behavior

        /// The tree level of a structural node; nil for a behaviour.
        var level: TreeLevel? {
            switch self {
            case .session: .session
            case .app: .app
            case .scene: .scene
            case .page: .page
            case .behavior: nil
            }
        }
    }

    static let initialBehaviorCapacity = 16

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
    /// A page's children are its behaviours, made into nodes when asked for.
    public var children: Deque<BehaviorTreeNode> {
        kind == .page ? Deque(behaviors.map(\.node)) : childNodes
    }
    private var childNodes: Deque<BehaviorTreeNode> = []
    /// A page's behaviours as plain records: one per event, so no object per event.
    private var behaviors: Deque<BehaviorRecord> = []
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
        childNodes.append(child)
        if childNodes.count > limit {
            childNodes.removeFirst()
            droppedChildren += 1
        }
    }

    /// Adds a behaviour leaf to a page.
    func appendBehavior(id: Int64, name: String, ts: Int64, limit: Int) {
        // Room for a page's usual few behaviours at once, not grown 1, 2, 4, 8 on every page.
        if behaviors.isEmpty { behaviors.reserveCapacity(Self.initialBehaviorCapacity) }
        behaviors.append(BehaviorRecord(id: id, name: name, ts: ts))
        if behaviors.count > limit {
            behaviors.removeFirst()
            droppedChildren += 1
        }
    }

    /// The page's last behaviour, as a node (the cause of a page link).
    var lastChild: BehaviorTreeNode? { kind == .page ? behaviors.last?.node : childNodes.last }
}

/// A behaviour leaf as a page keeps it; it starts and ends at its event.
struct BehaviorRecord {
    let id: Int64
    let name: String
    let ts: Int64

    var node: BehaviorTreeNode {
        let node = BehaviorTreeNode(kind: .behavior, id: id, name: name, isImplicit: false, startTs: ts)
        node.endTs = ts
        return node
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

extension BehaviorTreeNode.Kind: Codable {}
extension BehaviorRecord: Codable {}

extension BehaviorTreeNode {
    /// A node and its subtree as a snapshot keeps them.
    struct Snapshot: Codable {
        var kind: Kind
        var id: Int64
        var name: String
        var isImplicit: Bool
        var startTs: Int64
        var endTs: Int64?
        var children: [Snapshot]
        var behaviors: [BehaviorRecord]
        var droppedChildren: Int
        var exitLink: LinkSnapshot?
    }

    /// A page link; its cause is always a behaviour, kept as its record.
    struct LinkSnapshot: Codable {
        var cause: BehaviorRecord?
        var destinationID: Int64
        var destinationName: String
        var ts: Int64
    }

    var snapshot: Snapshot {
        Snapshot(kind: kind, id: id, name: name, isImplicit: isImplicit, startTs: startTs, endTs: endTs,
                 children: childNodes.map(\.snapshot), behaviors: Array(behaviors), droppedChildren: droppedChildren,
                 exitLink: exitLink.map { link in
                     LinkSnapshot(cause: link.cause.map { BehaviorRecord(id: $0.id, name: $0.name, ts: $0.startTs) },
                                  destinationID: link.destinationID, destinationName: link.destinationName, ts: link.ts)
                 })
    }

    /// Rebuilds a subtree, registering every node by id (open nodes are found again by id).
    static func restore(_ s: Snapshot, into byID: inout [Int64: BehaviorTreeNode]) -> BehaviorTreeNode {
        let node = BehaviorTreeNode(kind: s.kind, id: s.id, name: s.name, isImplicit: s.isImplicit, startTs: s.startTs)
        node.endTs = s.endTs
        node.childNodes = Deque(s.children.map { restore($0, into: &byID) })
        node.behaviors = Deque(s.behaviors)
        node.droppedChildren = s.droppedChildren
        node.exitLink = s.exitLink.map {
            PageLink(cause: $0.cause?.node, destinationID: $0.destinationID, destinationName: $0.destinationName, ts: $0.ts)
        }
        byID[s.id] = node
        return node
    }
}
