/// Every pattern of a deployment: numbers the events, routes each to the patterns its type
/// concerns (one dictionary lookup per event), and moves all of them with the clock.
public final class PatternMatchers {
    public let matchers: [PatternMatcher]
    private let routes: [String: [Int]]
    /// Patterns with an `until`, which looks at every event type.
    private let everyType: [Int]
    /// Sequence number of the last event applied.
    public private(set) var lastSeq: Int64 = -1

    public init(_ matchers: [PatternMatcher]) {
        self.matchers = matchers
        var routes: [String: [Int]] = [:]
        var everyType: [Int] = []
        for (i, matcher) in matchers.enumerated() {
            if !matcher.statesForAnyType.isEmpty { everyType.append(i); continue }
            var types = Set(matcher.statesByType.keys)
            for entry in matcher.nfa.startEntries {
                if case .take(let step, _) = matcher.nfa.states[entry.state].kind {
                    types.formUnion(matcher.nfa.steps[step].take.types ?? [])
                }
            }
            for type in types { routes[type, default: []].append(i) }
        }
        self.routes = routes
        self.everyType = everyType
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
        for i in routes[event.type] ?? [] { matchers[i].process(event, seq: lastSeq, emit: emit) }
        for i in everyType { matchers[i].process(event, seq: lastSeq, emit: emit) }
    }

    public func advance(to t: Int64, emit: (PatternMatch) -> Void) {
        for matcher in matchers { matcher.advance(to: t, lastSeq: lastSeq, emit: emit) }
    }

    public func matcher(named name: String) -> PatternMatcher? { matchers.first { $0.name == name } }
}
