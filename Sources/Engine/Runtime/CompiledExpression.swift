/// One expression of the aggregation states (`where`, `group_by` or a channel's `value:`),
/// compiled once however many states use it (`StateUpdatePlan`).
/// A class: handing a `CELProgram` (type + closure) around per update copied its fields.
final class CompiledExpression {
    let text: String
    let program: CELProgram
    /// For `params.f`: f, read straight from the event (what the compiled select does, minus
    /// binding and calling into the program).
    let paramsField: String?
    let missingField: CELValue

    init(text: String, program: CELProgram, paramsField: String? = nil) {
        self.text = text
        self.program = program
        self.paramsField = paramsField
        missingField = CELAccess.noSuchKey(paramsField ?? "")
    }

    /// The value for `event`, whose activation slots the caller has borrowed.
    @inline(__always)
    func evaluate(_ event: borrowing Event, slots: UnsafeBufferPointer<CELValue>) -> CELValue {
        if let paramsField { return event.params[string: paramsField] ?? missingField }
        return program.evaluate(slots: slots)
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
        try compile(expression, in: EventContext.environment)
    }

    static func compile(_ expression: SourceExpression,
                        in environment: CELEnvironment) throws(PipelineError) -> CELProgram {
        switch CELProgram.compile(expression.text, in: environment) {
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
