/// The pipeline's own running state besides its parts (states, tree, patterns, decisions):
/// what a snapshot keeps of it.
struct PipelineRuntimeState: Codable {
    var metrics: EngineMetrics
    /// Events waiting for `allowed_lateness`, in the order they will be applied.
    var pending: [Event]
    var newestTs: Int64
    var releasedUpTo: Int64
    /// The recent-events ring, oldest first.
    var recent: [Event]
    var reportedErrorStates: Set<Int>
}
