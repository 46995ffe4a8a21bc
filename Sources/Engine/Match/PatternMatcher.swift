/// One pattern's matcher: its NFA and the live partial matches (SPEC §6). `PatternMatchers`
/// feeds it; `explain` and the IDE read its counts.
public final class PatternMatcher {
    public let nfa: PatternNFA
    var core: MatcherCore

    public init(nfa: PatternNFA, maxPartialMatches: Int, device: DeviceProfile) {
        self.nfa = nfa
        core = MatcherCore(nfa: nfa, maxPartialMatches: maxPartialMatches, device: device)
    }

    public var name: String { nfa.pattern.name }
    public var maxPartialMatches: Int { core.maxPartialMatches }
    public var stats: PatternMatcherStats { core.stats }

    /// Live partial matches, by state.
    public var partialMatchCounts: [Int] { core.buckets.map(\.count) }
    public var livePartialMatches: Int { core.livePartialMatches }

    /// Bytes the partial matches hold: the shared buffer plus the partial-match records.
    public var bytesHeld: Int {
        core.buffer.bytesHeld + core.buckets.reduce(0) { $0 + $1.capacity * MemoryLayout<PartialMatch>.stride }
            + core.spawned.capacity * MemoryLayout<PartialMatch>.stride
            + core.completions.capacity * MemoryLayout<Completion>.stride
    }

    /// Events and nodes alive in the shared buffer.
    public var bufferedEvents: Int { core.buffer.liveEvents }
    public var bufferedNodes: Int { core.buffer.liveNodes }

    /// Applies one event (with its sequence number among all events).
    public func process(_ event: Event, seq: Int64, emit: (PatternMatch) -> Void) {
        core.process(event, typeID: core.tables.typeID(of: event.type), seq: seq, emit: emit)
    }

    func process(_ event: Event, typeID: Int, seq: Int64, emit: (PatternMatch) -> Void) {
        core.process(event, typeID: typeID, seq: seq, emit: emit)
    }

    /// Moves the clock to `t`: timers due fire even when no event arrives.
    public func advance(to t: Int64, lastSeq: Int64, emit: (PatternMatch) -> Void) {
        core.fireTimers(upTo: t, lastSeq: lastSeq, emit: emit)
        core.collectMissedStrict(lastSeq: lastSeq)
    }

    var nextDeadline: Int64 { core.nextDeadline }

    func fireTimers(upTo t: Int64, lastSeq: Int64, emit: (PatternMatch) -> Void) {
        core.fireTimers(upTo: t, lastSeq: lastSeq, emit: emit)
    }
}

/// Counters a user reads to trust a pattern's matching.
public struct PatternMatcherStats: Sendable {
    public var matches = 0
    /// Partial matches that ran past `within`.
    public var timedOut = 0
    /// Partial matches dropped, oldest first, to stay within `max_partial_matches`.
    public var dropped = 0
    /// Partial matches discarded by the skip strategy after a match.
    public var skipped = 0
    /// Conditions that evaluated to an error (counted as false).
    public var expressionErrors = 0
}
