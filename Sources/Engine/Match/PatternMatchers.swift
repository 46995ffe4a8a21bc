/// Every pattern of a deployment: numbers the events, routes each to the patterns its type
/// concerns (one dictionary lookup per event), and moves all of them with the clock.
public final class PatternMatchers {
    public let matchers: [PatternMatcher]
    /// Event type → global id; other types get `typeIDs.count`.
    private let typeIDs: [String: Int]
    /// By global type id: (matcher, its local type id) for the matchers the type concerns.
    private let routes: [[(matcher: Int, typeID: Int)]]
    /// Sequence number of the last event applied.
    public private(set) var lastSeq: Int64 = -1

    public init(_ matchers: [PatternMatcher]) {
        self.matchers = matchers
        var ids: [String: Int] = [:]
        for matcher in matchers {
            for type in matcher.core.tables.typeIDs.keys.sorted() where ids[type] == nil { ids[type] = ids.count }
        }
        typeIDs = ids
        var routes = Array(repeating: [(matcher: Int, typeID: Int)](), count: ids.count + 1)
        for (global, type) in ids.sorted(by: { $0.value < $1.value }).map({ ($0.value, $0.key) }) + [(ids.count, nil)] {
            for (i, matcher) in matchers.enumerated() {
                let tables = matcher.core.tables
                let local = type.map(tables.typeID(of:)) ?? tables.typeCount
                if tables.concerns(local) { routes[global].append((i, local)) }
            }
        }
        self.routes = routes
    }

    /// Compiles every pattern of a project; bounds come from the pattern, else the project.
    public convenience init(project: Project, device: DeviceProfile) throws(NFACompiler.Failure) {
        var matchers: [PatternMatcher] = []
        for pattern in project.patterns {
            let nfa = try NFACompiler.compile(pattern)
            matchers.append(PatternMatcher(nfa: nfa, maxPartialMatches: pattern.maxPartialMatches
                                           ?? project.manifest.maxPartialMatches, device: device))
        }
        self.init(matchers)
    }

    public func process(_ event: Event, emit: (PatternMatch) -> Void) {
        // The event moves the clock for every pattern, not only those its type concerns.
        for matcher in matchers where matcher.nextDeadline <= event.ts {
            matcher.fireTimers(upTo: event.ts, lastSeq: lastSeq, emit: emit)
        }
        lastSeq += 1
        for route in routes[typeIDs[event.type] ?? typeIDs.count] {
            matchers[route.matcher].process(event, typeID: route.typeID, seq: lastSeq, emit: emit)
        }
    }

    public func advance(to t: Int64, emit: (PatternMatch) -> Void) {
        for matcher in matchers { matcher.advance(to: t, lastSeq: lastSeq, emit: emit) }
    }

    public func matcher(named name: String) -> PatternMatcher? { matchers.first { $0.name == name } }
}
