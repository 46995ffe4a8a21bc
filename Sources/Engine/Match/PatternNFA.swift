/// The NFA a pattern chain compiles to (SPEC §6). A partial match sits in one state; an event
/// either is taken (the match grows), ignored (the match waits on), or ends the match.
///
/// Each positive step has a state for its first event and, when it loops, one for the events
/// after it (loop contiguity applies there; a counter in the partial match bounds `times`).
/// Negative steps without `for` become guards carried by the partial matches that wait for
/// the next positive step; `not: followed_by` with `for` (or last, bounded by `within`)
/// becomes an absence state that completes when the clock passes its deadline.
public struct PatternNFA: Sendable {
    public let pattern: Pattern
    let steps: [CompiledStep]
    public let states: [NFAState]
    /// Where a partial match may begin: the first step, and past it while steps are optional.
    let startEntries: [NFAEntry]
    public let finalState: Int
    /// `within` in milliseconds.
    let within: Int64?

    /// The states a new match begins in.
    public var startStates: [Int] { startEntries.map(\.state) }
}

/// What a step tests, compiled once.
struct CompiledStep: Sendable {
    let name: String
    let take: StepCondition
    let until: StepCondition?
    let quantifier: Quantifier
    let greedy: Bool
    let negation: Negation?
    let absenceFor: Int64?
}

public struct NFAState: Sendable {
    public enum Kind: Sendable, Equatable {
        /// Waiting to take an event into `step`; `firstEvent` is false inside a loop.
        case take(step: Int, firstEvent: Bool)
        /// Waiting for nothing matching a `not: followed_by` step until a deadline.
        case absence(step: Int)
        /// A complete match.
        case final
    }

    public let kind: Kind
    /// What happens to an event the state does not take: `strict` ends the partial match,
    /// `relaxed` ignores it, `any` ignores even events it takes (a branch stays behind).
    public let contiguity: Contiguity
    /// After a take, the state of the loop's next iteration (while below `max`).
    let loopState: Int?
    /// After the step has `min` events (or after an absence completes): where the match goes.
    let proceed: [NFAEntry]
}

/// How a partial match enters a state: the negative steps it crossed on the way, which now
/// guard it until it takes its next event.
struct NFAEntry: Sendable, Equatable {
    let state: Int
    /// `not: followed_by` steps (bit = step index): any matching event ends the match.
    let followedByGuards: UInt64
    /// `not: next` steps: the very next event must not match.
    let nextGuards: UInt64
    /// An absence state entered as the last step without `for`: its deadline is the end of `within`.
    let untilWindowEnds: Bool
    /// Optional greedy loops crossed without taking an event: the match gives way to them.
    var greedyGuards: UInt64 = 0
    /// Whether those loops were strict, so only the very next event counts.
    var greedyOnce = false
}
