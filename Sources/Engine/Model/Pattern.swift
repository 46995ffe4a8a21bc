/// `kind: pattern`: an event sequence with Flink CEP semantics (SPEC §6).
public struct Pattern: Sendable {
    public var name: String
    public var description: String?
    /// `last.ts - first.ts < within`.
    public var within: TimeSpan?
    public var skip: SkipStrategy
    /// Also report partial matches that timed out.
    public var emitOnTimeout: Bool
    public var maxPartialMatches: Int?
    public var steps: [PatternStep]
    public var location: SourceLocation
}

/// After-match skip strategies, as in Flink CEP.
public enum SkipStrategy: Hashable, Sendable {
    case noSkip
    case toNext
    case pastLastEvent
    case toFirst(NameReference)
    case toLast(NameReference)

    public static let names = ["no_skip", "to_next", "past_last_event", "to_first", "to_last"]
}

public struct PatternStep: Sendable {
    public var name: String
    public var on: [String]
    public var filter: SourceExpression?
    public var contiguity: Contiguity
    public var quantifier: Quantifier
    public var greedy: Bool
    /// Loop stop condition (`until`), only meaningful on a looping step.
    public var until: SourceExpression?
    /// Strict contiguity between the iterations of a loop (Flink `consecutive()`).
    public var consecutive: Bool
    /// Non-deterministic relaxed contiguity between the iterations of a loop (Flink `allowCombinations()`).
    public var combinations: Bool
    /// Set on negative steps: nothing matching this step may occur.
    public var negation: Negation?
    /// With `not: followed_by`: absence for this long completes the step.
    public var absenceFor: TimeSpan?
    public var location: SourceLocation

    public var isLoop: Bool { quantifier.max.map { $0 > 1 } ?? true }

    /// Contiguity between the iterations of a loop: relaxed unless `consecutive` or `combinations`.
    public var loopContiguity: Contiguity { consecutive ? .strict : combinations ? .any : .relaxed }
}

/// How a step relates to the one before it.
public enum Contiguity: String, Sendable, CaseIterable {
    /// Flink `next`.
    case strict
    /// Flink `followedBy` (the default).
    case relaxed
    /// Flink `followedByAny`.
    case any
}

public enum Negation: String, Sendable, CaseIterable {
    /// Flink `notNext`.
    case next
    /// Flink `notFollowedBy`.
    case followedBy = "followed_by"
}

/// How many events a step takes: `times`, `{min, max}`, `optional`.
public struct Quantifier: Hashable, Sendable {
    public var min: Int
    /// nil: unbounded (`one_or_more`, `{min: N}`).
    public var max: Int?
    /// `optional: true`: none at all, or `min...max` (Flink's `times(2).optional()` is 0 or 2).
    public var optional = false

    /// Whether a match may leave the step out.
    public var canSkip: Bool { optional || min == 0 }

    public static let once = Quantifier(min: 1, max: 1)
}
