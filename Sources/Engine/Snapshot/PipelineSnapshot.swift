import Foundation

/// Everything a pipeline has accumulated from the events it was given — aggregation states,
/// behaviour tree, partial matches, circuit breakers, script feature results, the lateness
/// buffer and counters — so that a pipeline of the same deployment restored from it answers
/// and acts from then on exactly as the original would (SPEC §9).
///
/// Not kept: per-event caches (rebuilt on use) and scripts' module-level state, which lives
/// in the script workers (DECISIONS: it is lost on a restart as on a worker kill).
struct PipelineSnapshot: Codable {
    /// Bumped whenever the shape changes: an older snapshot is then ignored, not misread.
    static let currentFormat = 2

    var format: Int
    /// Each shared state's key and features, to refuse a snapshot of another plan.
    var stateNames: [String]
    var states: [SharedAggregationState.Snapshot]
    var tree: BehaviorTree.Snapshot
    var patterns: PatternMatchers.Snapshot
    var decisions: DecisionEngine.Snapshot
    var scriptFeatures: ScriptFeatureEvaluator.Snapshot
    var runtime: PipelineRuntimeState

    static func stateNames(_ plan: AggregationPlan) -> [String] {
        plan.states.map { "\($0.key) → \($0.features.joined(separator: ","))" }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        // Sums and averages may be infinite or NaN; they must come back as they were.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()
}
