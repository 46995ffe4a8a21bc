/// A view of one pattern's matcher inside `PatternMatchers`: its NFA and live partial matches
/// (SPEC §6), for `explain`, tests and the IDE. The state itself stays in the owner's array,
/// where the hot path reaches it without a class access per event.
public final class PatternMatcher {
    public let nfa: PatternNFA
    private unowned let owner: PatternMatchers
    private let index: Int

    init(nfa: PatternNFA, owner: PatternMatchers, index: Int) {
        self.nfa = nfa
        self.owner = owner
        self.index = index
    }

    var core: MatcherCore { owner.cores[index] }

    public var name: String { nfa.pattern.name }
    public var maxPartialMatches: Int { core.maxPartialMatches }
    public var stats: PatternMatcherStats { core.stats }

    /// Live partial matches, by state.
    public var partialMatchCounts: [Int] { core.buckets.map(\.count) }
    public var livePartialMatches: Int { core.livePartialMatches }

    /// Bytes the partial matches hold: the shared buffer plus the partial-match records. The
    /// events themselves are stored once for all patterns: `PatternMatchers.bytesHeld` counts them.
    public var bytesHeld: Int {
        let core = core
        return core.buffer.bytesHeld + core.buckets.reduce(0) { $0 + $1.capacity * MemoryLayout<PartialMatch>.stride }
            + core.spawned.capacity * MemoryLayout<PartialMatch>.stride
            + core.completions.capacity * MemoryLayout<Completion>.stride + core.chainScratch.capacity * 4
    }

    /// Events and nodes alive in the shared buffer.
    public var bufferedEvents: Int { core.buffer.liveEvents }
    public var bufferedNodes: Int { core.buffer.liveNodes }
}

/// Counters a user reads to trust a pattern's matching.
public struct PatternMatcherStats: Sendable, Codable {
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
