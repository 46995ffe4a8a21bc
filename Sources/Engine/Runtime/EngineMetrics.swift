/// Counters a user reads to trust the engine: what came in, what was dropped and why,
/// and what each shared aggregation state costs.
public struct EngineMetrics: Sendable, Codable {
    public var eventsIn = 0
    /// Events processed in full.
    public var eventsProcessed = 0
    /// Rejected as malformed (never reached the pipeline).
    public var eventsMalformed = 0
    /// Older than the newest processed `ts` minus `allowed_lateness` (SPEC §2).
    public var eventsLate = 0
    /// Events left out of a state because its `where`, `value` or `group_by` failed.
    public var expressionErrors = 0
    /// Per shared state (by index in the plan): updates applied, and nanoseconds spent on them
    /// (estimated from one timed update in 64).
    public var stateUpdates: [Int] = []
    public var stateNanoseconds: [UInt64] = []

    public init(stateCount: Int = 0) {
        stateUpdates = Array(repeating: 0, count: stateCount)
        stateNanoseconds = Array(repeating: 0, count: stateCount)
    }
}
