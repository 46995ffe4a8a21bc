/// The expressions of one shared aggregation state, compiled once: which events it takes
/// (`on` + `where`), how to key them (`group_by`) and the value of each channel.
/// A class so the per-event loop reads it without copying (and retaining) its fields.
final class CompiledAggregation {
    let eventTypes: Set<String>
    let filter: CompiledExpression?
    let groupBy: CompiledExpression?
    let channels: [CompiledExpression]
    /// The same expressions, unretained (the properties above keep them alive): the per-event
    /// loop borrows them instead of retaining and releasing each one per update.
    let filterRef: Unmanaged<CompiledExpression>?
    let groupByRef: Unmanaged<CompiledExpression>?
    let channelRefs: [Unmanaged<CompiledExpression>]

    /// - Parameter memoSlots: expression texts used by several states, with their slot in the
    ///   pipeline's per-event memo.
    ///   - paramsFieldSlots: the fields of bare `params.f` expressions, with their slot among the
    ///     values the pipeline reads from each event once (`EnginePipeline.paramsFields`).
    init(_ plan: SharedStatePlan, memoSlots: [String: Int] = [:], paramsFieldSlots: [String: Int] = [:]) throws(PipelineError) {
        let compile = { (e: SourceExpression) throws(PipelineError) in
            // A bare `params.f` is read from the event once, before the states, not memoised.
            let field = Self.paramsField(e.text)
            return CompiledExpression(program: try Self.compile(e), memoSlot: field == nil ? memoSlots[e.text] ?? -1 : -1,
                                      paramsField: field, paramsFieldSlot: field.flatMap { paramsFieldSlots[$0] } ?? -1)
        }
        eventTypes = Set(plan.key.on)
        filter = try plan.filter.map(compile)
        groupBy = try plan.groupBy.map(compile)
        channels = try plan.channels.map { channel throws(PipelineError) in try compile(channel.value) }
        filterRef = filter.map(Unmanaged.passUnretained)
        groupByRef = groupBy.map(Unmanaged.passUnretained)
        channelRefs = channels.map(Unmanaged.passUnretained)
    }

    /// The fields of the state's bare `params.f` expressions.
    static func paramsFields(_ plan: SharedStatePlan) -> [String] {
        expressionTexts(plan).compactMap(paramsField)
    }

    /// Every expression text of the state, for finding those shared between states.
    static func expressionTexts(_ plan: SharedStatePlan) -> [String] {
        [plan.filter?.text, plan.groupBy?.text].compactMap { $0 } + plan.channels.map(\.value.text)
    }

    /// `f` when the expression is exactly `params.f`, the commonest value expression.
    static func paramsField(_ text: String) -> String? {
        guard let (expr, _) = try? CELParser.parse(text),
              case .select(let operand, let field, test: false) = expr.kind,
              case .ident("params") = operand.kind
        else { return nil }
        return field
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

/// A compiled expression and, when several states use the same text, its memo slot (-1: none):
/// expressions are pure, so one evaluation per event serves every state.
/// A class: handing a `CELProgram` (type + closure) around per update copied its fields.
final class CompiledExpression {
    let program: CELProgram
    let memoSlot: Int
    /// For `params.f`: f, read straight from the event (what the compiled select does, minus
    /// binding and calling into the program), and the value of a missing key.
    let paramsField: String?
    let missingField: CELValue
    /// Where the pipeline put this event's `params.f` (-1: read it here).
    let paramsFieldSlot: Int

    init(program: CELProgram, memoSlot: Int, paramsField: String? = nil, paramsFieldSlot: Int = -1) {
        self.program = program
        self.memoSlot = memoSlot
        self.paramsField = paramsField
        self.paramsFieldSlot = paramsFieldSlot
        missingField = Self.missing(paramsField ?? "")
    }

    /// What `params.f` is when the event has no `f` (the compiled select's error).
    static func missing(_ field: String) -> CELValue { CELValue.fail("no such key: '\(field)'") }

    /// The value for `event`, whose activation slots and fields read ahead the caller has borrowed.
    @inline(__always)
    func evaluate(_ event: borrowing Event, slots: UnsafeBufferPointer<CELValue>, fields: UnsafeMutableBufferPointer<CELValue>) -> CELValue {
        if paramsFieldSlot >= 0 { return fields[paramsFieldSlot] }
        if let paramsField { return event.params[string: paramsField] ?? missingField }
        return program.evaluate(slots: slots)
    }
}

/// A project that cannot run: `check` reports the same thing earlier, with all other errors.
public struct PipelineError: Error, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String
    public var description: String { "\(location): error: \(message)" }
}
