import DequeModule

/// Builds the Session → App → Scene → Page → Behavior tree from the event stream (SPEC §5)
/// and standardises events by filling their absent context fields from it.
///
/// Rules:
/// - `app_start scene_enter page_enter` open a node, ending the open sibling (and its
///   subtree); `app_end scene_exit page_exit` end the open node of their level. Every other
///   event is a Behavior leaf under the open page.
/// - A level only gets children of the level directly below it: an event whose parent levels
///   are not open creates them as implicit nodes, named after the event's own context field
///   when given (`page_enter` with no scene opens an implicit scene, and so on).
/// - When a page begins, the previous page of the session records a link to it whose cause is
///   its last behaviour.
/// - A session ends after `sessionGap` without events (an event at `last + gap` or later
///   starts a new one), on `app_end`, or when an event names a different `session`.
/// - A node begins, at the same time, implicit nodes below it (SPEC §5): their ids are
///   taken at once and become `position`, so `scope` windows of the lower levels reset at
///   that event; the nodes themselves are made when an event first needs them, with those ids.
/// - The first event after a session ended begins a new one, whatever its type; an ended
///   session's levels have no current node (`position` ids of no node), so `scope` windows
///   read empty until then.
/// - Exit events with nothing open to exit change nothing else.
/// - Names: a session is called after the event's `session` field or `s<id>`; an app, scene
///   or page after the event's field of that level, else `params.name` on its enter event,
///   else `<level><id>`.
/// - Memory: the current session plus `limits.sessionHistory` ended ones, each node keeping
///   its last `limits.maxChildrenPerNode` children.
public final class BehaviorTree {
    public let sessionGap: TimeSpan
    public let limits: BehaviorTreeLimits
    /// The most recently begun node per level, for `scope` windows.
    public private(set) var position = TreePosition()
    public private(set) var currentSession: BehaviorTreeNode?
    /// Ended sessions, oldest first.
    public private(set) var history: Deque<BehaviorTreeNode> = []

    private var openApp: BehaviorTreeNode?
    private var openScene: BehaviorTreeNode?
    private var openPage: BehaviorTreeNode? {
        didSet { openPageRef = openPage.map(Unmanaged.passUnretained) }
    }
    /// `openPage` unretained (that property keeps it alive): each behaviour is appended to it
    /// without retaining and releasing the page.
    private var openPageRef: Unmanaged<BehaviorTreeNode>?
    /// The session's latest page, open or not: the source of the next page link.
    private var lastPage: BehaviorTreeNode?
    private var lastEventTs: Int64?
    private var nextID: Int64 = 1
    /// Ids taken for the implicit nodes a begun node implies, until they are made (by level;
    /// 0: none). Four fields, not a dictionary: pages begin by the thousand.
    private var reservedIDs = TreePosition()
    /// Position ids of no node, for the levels of an ended session (negative, so node ids
    /// and names do not move).
    private var nextEndedID: Int64 = -1
    private static let levels: [TreeLevel] = [.session, .app, .scene, .page]

    public init(sessionGap: TimeSpan = ProjectManifest.defaultSessionGap, limits: BehaviorTreeLimits = .init()) {
        self.sessionGap = sessionGap
        self.limits = limits
    }

    /// Places the event in the tree and fills its absent context fields.
    public func standardise(_ event: inout Event) {
        standardise(&event, kind: EventKind(type: event.type))
    }

    /// `standardise` with the event's kind already known (the pipeline caches it per type,
    /// so the type string is not compared against every structural type per event).
    func standardise(_ event: inout Event, kind: EventKind) {
        advance(to: event.ts)
        if let named = event.session, let session = currentSession, session.name != named {
            endSession(at: lastEventTs ?? event.ts)
        }
        lastEventTs = event.ts
        if currentSession == nil { openSession(for: event) }  // whatever its type, the first event after an end begins one
        switch kind {
        case .appStart:
            openSession(for: event)
            endApp(at: event.ts)
            openApp = begin(.app, named: name(of: .app, event), implicit: false, under: currentSession!, ts: event.ts)
            fill(&event)
        case .sceneEnter:
            ensureApp(for: event)
            endScene(at: event.ts)
            openScene = begin(.scene, named: name(of: .scene, event), implicit: false, under: openApp!, ts: event.ts)
            fill(&event)
        case .pageEnter:
            ensureScene(for: event)
            endPage(at: event.ts)
            beginPage(named: name(of: .page, event), implicit: false, ts: event.ts)
            fill(&event)
        case .appEnd:
            fill(&event)
            if currentSession != nil { endSession(at: event.ts) }
        case .sceneExit:
            fill(&event)
            endScene(at: event.ts)
        case .pageExit:
            fill(&event)
            endPage(at: event.ts)
        case .behavior:
            ensurePage(for: event)
            let (id, limit) = (takeID(), limits.maxChildrenPerNode)
            openPageRef!._withUnsafeGuaranteedRef {
                $0.appendBehavior(id: id, name: event.type, ts: event.ts, limit: limit)
            }
            fill(&event)
        }
    }

    /// Ends the current session when the clock passes its gap with no event.
    public func advance(to t: Int64) {
        if let last = lastEventTs, currentSession != nil, t.minusSaturating(last) >= sessionGap.milliseconds {
            endSession(at: last)
        }
    }

    // MARK: Opening levels, implicitly when needed

    private func openSession(for event: Event) {
        guard currentSession == nil else { return }
        let id = takeID()
        let session = BehaviorTreeNode(
            kind: .session, id: id, name: event.session ?? "s\(id)", isImplicit: false, startTs: event.ts)
        currentSession = session
        position.session = id
        reserveBelow(.session)
    }

    /// Takes the ids of the implicit nodes below a node that begins (see the type's rules).
    private func reserveBelow(_ level: TreeLevel) {
        for lower in Self.levels[(Self.levels.firstIndex(of: level)! + 1)...] {
            let id = takeID()
            reservedIDs[lower] = id
            position[lower] = id
        }
    }

    private func ensureApp(for event: Event) {
        openSession(for: event)
        if openApp == nil {
            openApp = begin(.app, named: event.app, implicit: true, under: currentSession!, ts: event.ts)
        }
    }

    private func ensureScene(for event: Event) {
        ensureApp(for: event)
        if openScene == nil {
            openScene = begin(.scene, named: event.scene, implicit: true, under: openApp!, ts: event.ts)
        }
    }

    private func ensurePage(for event: Event) {
        // An open page's scene, app and session are open: ending a level ends those below it.
        if openPage != nil { return }
        ensureScene(for: event)
        beginPage(named: event.page, implicit: true, ts: event.ts)
    }

    private func beginPage(named name: String?, implicit: Bool, ts: Int64) {
        let page = begin(.page, named: name, implicit: implicit, under: openScene!, ts: ts)
        if let source = lastPage {
            source.exitLink = PageLink(
                cause: source.lastChild, destinationID: page.id, destinationName: page.name, ts: ts)
        }
        openPage = page
        lastPage = page
    }

    private func begin(
        _ kind: BehaviorTreeNode.Kind, named name: String?, implicit: Bool, under parent: BehaviorTreeNode, ts: Int64
    ) -> BehaviorTreeNode {
        let level = kind.level
        // An implicit node was begun when its parent was: it takes the id reserved then.
        let reserved = implicit ? level.map { reservedIDs[$0] }.flatMap { $0 == 0 ? nil : $0 } : nil
        let node = makeNode(kind, id: reserved, name: name, implicit: implicit, ts: ts)
        parent.append(node, limit: limits.maxChildrenPerNode)
        if let level {
            reservedIDs[level] = 0
            position[level] = node.id
            // A reserved node's own implicit children were reserved with it.
            if reserved == nil { reserveBelow(level) }
        }
        return node
    }

    private func makeNode(_ kind: BehaviorTreeNode.Kind, id reserved: Int64? = nil, name: String?, implicit: Bool, ts: Int64) -> BehaviorTreeNode {
        let id = reserved ?? takeID()
        return BehaviorTreeNode(kind: kind, id: id, name: name ?? "\(kind.rawValue)\(id)", isImplicit: implicit, startTs: ts)
    }

    private func takeID() -> Int64 {
        defer { nextID += 1 }
        return nextID
    }

    private func name(of level: TreeLevel, _ event: Event) -> String? {
        if let given = event.context(level) { return given }
        if case .string(let name)? = event.params[string: "name"] { return name }
        return nil
    }

    // MARK: Ending levels, innermost first

    private func endPage(at ts: Int64) {
        openPage?.endTs = ts
        openPage = nil
    }

    private func endScene(at ts: Int64) {
        endPage(at: ts)
        openScene?.endTs = ts
        openScene = nil
    }

    private func endApp(at ts: Int64) {
        endScene(at: ts)
        openApp?.endTs = ts
        openApp = nil
    }

    private func endSession(at ts: Int64) {
        endApp(at: ts)
        guard let session = currentSession else { return }
        session.endTs = ts
        currentSession = nil
        lastPage = nil
        reservedIDs = TreePosition()
        for level in Self.levels {
            position[level] = nextEndedID
            nextEndedID -= 1
        }
        history.append(session)
        if history.count > limits.sessionHistory { history.removeFirst() }
    }

    /// Fills absent context fields with the open nodes' names.
    private func fill(_ event: inout Event) {
        if event.session == nil, let session = currentSession { event.session = session.name }
        if event.app == nil, let app = openApp { event.app = app.name }
        if event.scene == nil, let scene = openScene { event.scene = scene.name }
        if event.page == nil, let page = openPage { event.page = page.name }
    }
}

extension BehaviorTree {
    /// The tree's nodes (current session and history), which of them are open, and its
    /// counters, for a snapshot. Open nodes are kept by id: each is a node of the tree.
    struct Snapshot: Codable {
        var position: TreePosition
        var currentSession: BehaviorTreeNode.Snapshot?
        var history: [BehaviorTreeNode.Snapshot]
        var openApp: Int64?
        var openScene: Int64?
        var openPage: Int64?
        var lastPage: Int64?
        var lastEventTs: Int64?
        var nextID: Int64
        var reservedIDs: [TreeLevel: Int64]
        var nextEndedID: Int64
    }

    var snapshot: Snapshot {
        Snapshot(position: position, currentSession: currentSession?.snapshot, history: history.map(\.snapshot),
                 openApp: openApp?.id, openScene: openScene?.id, openPage: openPage?.id, lastPage: lastPage?.id,
                 lastEventTs: lastEventTs, nextID: nextID,
                 reservedIDs: Dictionary(uniqueKeysWithValues: TreeLevel.allCases.compactMap { level in
                     reservedIDs[level] == 0 ? nil : (level, reservedIDs[level])
                 }),
                 nextEndedID: nextEndedID)
    }

    func restore(_ s: Snapshot) throws(SnapshotError) {
        var byID: [Int64: BehaviorTreeNode] = [:]
        let session = s.currentSession.map { BehaviorTreeNode.restore($0, into: &byID) }
        let open = { (id: Int64?) throws(SnapshotError) -> BehaviorTreeNode? in
            guard let id else { return nil }
            guard let node = byID[id] else { throw SnapshotError("behaviour tree node \(id) is open but not in the tree") }
            return node
        }
        let (app, scene, page, last) = (try open(s.openApp), try open(s.openScene), try open(s.openPage), try open(s.lastPage))
        var ended: [Int64: BehaviorTreeNode] = [:]
        history = Deque(s.history.map { BehaviorTreeNode.restore($0, into: &ended) })
        currentSession = session
        (openApp, openScene, openPage, lastPage) = (app, scene, page, last)
        position = s.position
        lastEventTs = s.lastEventTs
        nextID = s.nextID
        reservedIDs = TreePosition()
        for (level, id) in s.reservedIDs { reservedIDs[level] = id }
        nextEndedID = s.nextEndedID
    }
}

/// What an event does to the behaviour tree, decided by its type alone.
enum EventKind {
    case appStart, sceneEnter, pageEnter, appEnd, sceneExit, pageExit, behavior

    init(type: String) {
        switch type {
        case "app_start": self = .appStart
        case "scene_enter": self = .sceneEnter
        case "page_enter": self = .pageEnter
        case "app_end": self = .appEnd
        case "scene_exit": self = .sceneExit
        case "page_exit": self = .pageExit
        default: self = .behavior
        }
    }
}
