/// One compiled test of a pattern step against an event: its event types, then its CEL
/// expression (`where`, `until`) compiled in the step's environment (event variables, then
/// one slot per earlier step).
struct StepCondition: Sendable {
    /// nil: any event type (an `until` has no `on`).
    let types: Set<String>?
    let program: CELProgram?
    /// The source text, for `explain`.
    let text: String?
    /// Earlier steps (by index) the expression reads; empty means the result depends only on
    /// the event, so one evaluation serves every partial match.
    let readsSteps: [Int]
    /// The event variables the expression reads: only these are bound per event.
    let readsFields: [EventField]

    /// - Throws: the compile error; the loader already reported it with its file position.
    init(types: [String]?, expression: SourceExpression?, earlierSteps: [String]) throws(CELCompileError) {
        self.types = types.map(Set.init)
        text = expression?.text
        guard let expression else {
            program = nil
            readsSteps = []
            readsFields = []
            return
        }
        let env = EventContext.stepEnvironment(earlierSteps: earlierSteps)
        program = try CELProgram.compile(expression.text, in: env).get()
        let names = (try? CELParser.parse(expression.text).0).map(Self.identifiers) ?? []
        readsSteps = earlierSteps.indices.filter { names.contains(earlierSteps[$0]) }
        readsFields = EventField.allCases.filter { names.contains($0.rawValue) }
    }

    func acceptsType(_ type: String) -> Bool { types?.contains(type) ?? true }

    /// Every identifier an expression mentions (comprehension variables too: a harmless over-approximation).
    private static func identifiers(_ expr: CELExpr) -> Set<String> {
        var names: Set<String> = []
        func visit(_ e: CELExpr) {
            switch e.kind {
            case .literal: break
            case .ident(let name): names.insert(name)
            case .select(let operand, _, _): visit(operand)
            case .call(_, let target, let args):
                if let target { visit(target) }
                args.forEach(visit)
            case .list(let items): items.forEach(visit)
            case .map(let entries): entries.forEach { visit($0.key); visit($0.value) }
            case .comprehension(let c):
                visit(c.range)
                if let filter = c.filter { visit(filter) }
                visit(c.body)
            }
        }
        visit(expr)
        return names
    }
}
