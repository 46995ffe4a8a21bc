/// The variables an expression may use, in slot order: variable i is `CELActivation.slots[i]`.
public struct CELEnvironment: Sendable {
    public let variables: [(name: String, type: CELType)]
    private let slots: [String: Int]

    public init(variables: [(name: String, type: CELType)]) {
        self.variables = variables
        var slots: [String: Int] = [:]
        for (i, v) in variables.enumerated() where slots[v.name] == nil { slots[v.name] = i }
        self.slots = slots
    }

    /// Every name declared `dyn`: for callers that know values but not types (conformance bindings).
    public init(dynamicVariables names: [String]) {
        self.init(variables: names.map { (name: $0, type: CELType.dyn) })
    }

    public func slot(of name: String) -> Int? { slots[name] }
}

/// A parse or type error, positioned within the expression text (1-based).
public struct CELCompileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int

    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// Variable values for one evaluation, by slot.
public struct CELActivation: Sendable {
    public var slots: [CELValue]
    public init(slots: [CELValue]) { self.slots = slots }
}

/// A compiled expression: evaluating it walks prebuilt closures, never the source or names.
public struct CELProgram: Sendable {
    public let resultType: CELType
    private let root: CELEval
    private let localCount: Int
    private let slotCount: Int

    init(resultType: CELType, root: @escaping CELEval, localCount: Int, slotCount: Int) {
        self.resultType = resultType
        self.root = root
        self.localCount = localCount
        self.slotCount = slotCount
    }

    /// Parse, type-check and compile; the first error found.
    public static func compile(_ source: String, in env: CELEnvironment) -> Result<CELProgram, CELCompileError> {
        compile(source, in: env, typeCheck: true)
    }

    /// With `typeCheck: false` every expression is `dyn` and type mismatches, unknown names and
    /// unknown functions become evaluation errors instead (CEL's unchecked evaluation).
    public static func compile(_ source: String, in env: CELEnvironment, typeCheck: Bool)
        -> Result<CELProgram, CELCompileError>
    {
        do {
            let (expr, count) = try CELParser.parse(source)
            let checked = try CELChecker.check(expr, nodeCount: count, env: env, strict: typeCheck)
            let root = try CELCompiler(checked: checked).compile(expr)
            return .success(CELProgram(resultType: checked.types[expr.id], root: root,
                                       localCount: checked.localCount, slotCount: env.variables.count))
        } catch {
            return .failure(error)
        }
    }

    /// `activation.slots` must hold a value for every variable of the environment compiled against.
    public func evaluate(_ activation: CELActivation) -> CELValue {
        // Slots are read without bounds checks, so check the count once here.
        precondition(activation.slots.count >= slotCount, "activation has \(activation.slots.count) slots, needs \(slotCount)")
        return CELFrame.with(slots: activation.slots, localCount: localCount, root)
    }

    /// `evaluate` over an activation's slots the caller has borrowed once for many
    /// evaluations (the pipeline's per-event loop), so none retains the slot array.
    func evaluate(slots: UnsafeBufferPointer<CELValue>) -> CELValue {
        precondition(slots.count >= slotCount, "activation has \(slots.count) slots, needs \(slotCount)")
        return CELFrame.with(slotBuffer: slots, localCount: localCount, root)
    }
}
