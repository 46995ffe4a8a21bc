/// Every pattern of a deployment: numbers the events, routes each to the patterns its type
/// concerns (one dictionary lookup per event), and moves all of them with the clock.
public final class PatternMatchers {
    /// Each pattern's matching state, by pattern order.
    var cores: [MatcherCore]
    /// Each core's earliest timer, copied out so the per-event clock check reads plain integers.
    private var deadlines: [Int64]
    private var earliestDeadline: Int64 = .max
    public private(set) var matchers: [PatternMatcher] = []
    /// Event type → global id; other types get `typeIDs.missing`.
    private let typeIDs: TypeIndex
    /// By global type id: (core, its local type id) for the patterns the type concerns.
    private let routes: FlatLists<Route>
    /// Sequence number of the last event applied.
    public private(set) var lastSeq: Int64 = -1
    /// The events partial matches hold, stored once for all the patterns.
    private let events: SharedEvents

    /// - Parameter patterns: each NFA with its `max_partial_matches`.
    public init(_ patterns: [(nfa: PatternNFA, maxPartialMatches: Int)], device: DeviceProfile) {
        let events = SharedEvents()
        self.events = events
        cores = patterns.map {
            MatcherCore(nfa: $0.nfa, maxPartialMatches: $0.maxPartialMatches, device: device, events: events)
        }
        deadlines = Array(repeating: .max, count: patterns.count)
        var ids: [String: Int] = [:]
        for core in cores {
            for type in core.tables.typeIDs.keys.sorted() where ids[type] == nil { ids[type] = ids.count }
        }
        typeIDs = TypeIndex(ids)
        var routes = Array(repeating: [Route](), count: ids.count + 1)
        let types: [(Int, String?)] = ids.map { ($0.value, $0.key) } + [(ids.count, nil)]
        for (global, type) in types {
            for (i, core) in cores.enumerated() {
                let local = type.map(core.tables.typeID(of:)) ?? core.tables.typeCount
                if core.tables.concerns(local) { routes[global].append(Route(core: i, typeID: local)) }
            }
        }
        self.routes = FlatLists(routes)
        matchers = patterns.enumerated().map { PatternMatcher(nfa: $1.nfa, owner: self, index: $0) }
    }

    /// Compiles every pattern of a project; bounds come from the pattern, else the project.
    public convenience init(project: Project, device: DeviceProfile) throws(NFACompiler.Failure) {
        var patterns: [(nfa: PatternNFA, maxPartialMatches: Int)] = []
        for pattern in project.patterns {
            patterns.append((try NFACompiler.compile(pattern), pattern.maxPartialMatches ?? project.manifest.maxPartialMatches))
        }
        self.init(patterns, device: device)
    }

    public func process(_ event: Event, emit: (PatternMatch) -> Void) {
        // No pattern: only the numbering moves (hashing the type would be all the work).
        guard !cores.isEmpty else {
            lastSeq += 1
            return
        }
        // The event moves the clock for every pattern, not only those its type concerns.
        if event.ts >= earliestDeadline {
            for i in cores.indices where deadlines[i] <= event.ts {
                cores[i].fireTimers(upTo: event.ts, lastSeq: lastSeq, emit: emit)
                deadlines[i] = cores[i].nextDeadline
            }
            earliestDeadline = deadlines.min() ?? .max
        }
        lastSeq += 1
        let seq = lastSeq
        var earliest = earliestDeadline
        // One access to the cores and their deadlines for all the patterns the event concerns,
        // not one uniqueness check per pattern.
        cores.withUnsafeMutableBufferPointer { cores in
            deadlines.withUnsafeMutableBufferPointer { deadlines in
                for k in routes.range(typeIDs.id(of: event.type)) {
                    let route = routes.values[k]
                    cores[route.core].process(event, typeID: route.typeID, seq: seq, emit: emit)
                    let deadline = cores[route.core].nextDeadline
                    deadlines[route.core] = deadline
                    earliest = min(earliest, deadline)
                }
            }
        }
        earliestDeadline = earliest
    }

    /// Moves the clock to `t`: timers due fire even when no event arrives.
    public func advance(to t: Int64, emit: (PatternMatch) -> Void) {
        for i in cores.indices {
            cores[i].fireTimers(upTo: t, lastSeq: lastSeq, emit: emit)
            cores[i].collectMissedStrict(lastSeq: lastSeq)
            deadlines[i] = cores[i].nextDeadline
        }
        earliestDeadline = deadlines.min() ?? .max
    }

    public func matcher(named name: String) -> PatternMatcher? { matchers.first { $0.name == name } }

    /// Bytes all the patterns' partial matches hold: each pattern's (`PatternMatcher.bytesHeld`)
    /// and the events they share.
    public var bytesHeld: Int { matchers.reduce(0) { $0 + $1.bytesHeld } + events.bytesHeld }

    /// Events the partial matches of all the patterns hold, each counted once.
    public var heldEvents: Int { events.liveEvents }
}

/// A pattern an event type concerns, with the type's id in that pattern's tables.
struct Route: Sendable {
    let core: Int
    let typeID: Int
}

extension PatternMatchers {
    /// Every pattern's matching state and the event numbering, for a snapshot.
    struct Snapshot: Codable {
        var patterns: [String]
        var cores: [MatcherCore.Snapshot]
        var lastSeq: Int64
    }

    var snapshot: Snapshot { Snapshot(patterns: cores.map(\.nfa.pattern.name), cores: cores.map(\.snapshot), lastSeq: lastSeq) }

    func restore(_ snapshot: Snapshot) throws(SnapshotError) {
        let names = cores.map(\.nfa.pattern.name)
        guard snapshot.patterns == names else {
            throw SnapshotError("the snapshot has patterns \(snapshot.patterns), this version \(names)")
        }
        for i in cores.indices {
            try cores[i].restore(snapshot.cores[i])
            deadlines[i] = cores[i].nextDeadline
        }
        earliestDeadline = deadlines.min() ?? .max
        lastSeq = snapshot.lastSeq
    }
}
