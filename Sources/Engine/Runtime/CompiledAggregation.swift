/// The expressions of one shared aggregation state, compiled once: which events it takes
/// (`on` + `where`), how to key them (`group_by`) and the value of each channel.
/// A class so the per-event loop reads it without copying (and retaining) its fields.
final class CompiledAggregation {
    let eventTypes: Set<String>
    let filter: CELProgram?
    let groupBy: CELProgram?
    let channels: [CELProgram]
    /// Reused for every event: the channel values handed to the state.
    var values: [CELValue]

    init(_ plan: SharedStatePlan) throws(PipelineError) {
        eventTypes = Set(plan.key.on)
        filter = try plan.filter.map(Self.compile)
        groupBy = try plan.groupBy.map(Self.compile)
        channels = try plan.channels.map { channel throws(PipelineError) in try Self.compile(channel.value) }
        values = Array(repeating: .null, count: channels.count)
    }

    static func compile(_ expression: SourceExpression) throws(PipelineError) -> CELProgram {
        switch CELProgram.compile(expression.text, in: EventContext.environment) {
        case .success(let program): return program
        case .failure(let error):
            throw PipelineError(location: expression.fileLocation(line: error.line, column: error.column),
                                message: error.message)
        }
    }
}

/// A project that cannot run: `check` reports the same thing earlier, with all other errors.
public struct PipelineError: Error, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var description: String { "\(location): error: \(message)" }
}
