/// One partial match: where it waits in the NFA and the chain of events it took (a node of
/// the shared buffer). Small and copyable: the NFA keeps thousands of them.
struct PartialMatch: Sendable, Codable {
    // Eight-byte fields first, then the small ones: 80 bytes a copy instead of 96 with the
    // padding the declaration order made (partial matches are copied on every visit).
    /// Sequence number and time of the first event: skip strategies and `within` use them.
    var startSeq: Int64
    var startTs: Int64
    /// Sequence number of the last event taken: strict contiguity and `not: next` concern
    /// event `lastSeq + 1` only, so events the pattern never looks at still break them.
    var lastSeq: Int64
    /// When an absence state completes; `.max` otherwise.
    var deadline: Int64
    var followedByGuards: UInt64
    var nextGuards: UInt64
    /// Set on a match that left (or skipped) greedy loops: it gives way while such a loop
    /// could still take the event (bit = step index). `greedyOnce`: the loops were strict, so
    /// only the very next event counts.
    var greedyGuards: UInt64
    /// Those of `greedyGuards` whose loop took events (not skipped): their `until` ends them,
    /// and with them the need to give way.
    var greedyStarted: UInt64 = 0
    var state: Int32
    /// Events taken into the current step so far.
    var count: Int32
    var node: Int32
    var greedyOnce: Bool
    /// A greedy loop's partial match that also stands for the branch that moved on after its
    /// last event: that branch is created only when an event comes that the loop does not
    /// take (until then it would give way anyway), saving a partial match per event.
    var owesProceed = false

    /// When the clock next does something to this match: its absence step completes or
    /// `within` ends it, whichever comes first.
    func timer(_ within: Int64?) -> Int64 { min(deadline, windowEnd(within)) }

    /// The time `within` ends this match, or `.max`.
    func windowEnd(_ within: Int64?) -> Int64 {
        guard let within else { return .max }
        let (end, overflow) = startTs.addingReportingOverflow(within)
        return overflow ? .max : end
    }
}

/// A match as decisions and `featide run` see it: `{pattern, ts, steps: {name: [events]}}`.
public struct PatternMatch: Sendable {
    public var pattern: String
    /// When it was found: the last event's time, or the clock time an absence or timeout fired.
    public var ts: Int64
    /// Steps that took events, in pattern order, each with its events oldest first.
    public var steps: [(name: String, events: [Event])]
    /// A partial match reported because `within` ran out (`on_timeout: emit`).
    public var timedOut: Bool

    public func events(of step: String) -> [Event] { steps.first { $0.name == step }?.events ?? [] }
}
