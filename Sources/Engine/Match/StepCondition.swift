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
    /// The types the expression is true for when it only compares `type` with names
    /// (`type == "purchase"`, `type in ["a", "b"]`, joined by `||`): false for every other type.
    let onlyTypes: Set<String>?

    /// - Throws: the compile error; the loader already reported it with its file position.
    init(types: [String]?, expression: SourceExpression?, earlierSteps: [String]) throws(CELCompileError) {
        self.types = types.map(Set.init)
        text = expression?.text
        guard let expression else {
            program = nil
            readsSteps = []
            readsFields = []
            onlyTypes = nil
            return
        }
        let env = EventContext.stepEnvironment(earlierSteps: earlierSteps)
        program = try CELProgram.compile(expression.text, in: env).get()
        let parsed = try? CELParser.parse(expression.text).0
        let names = parsed.map(Self.identifiers) ?? []
        readsSteps = earlierSteps.indices.filter { names.contains(earlierSteps[$0]) }
        readsFields = EventField.allCases.filter { names.contains($0.rawValue) }
        // `type` is the event's field only when no earlier step has that name.
        onlyTypes = readsSteps.isEmpty ? parsed.flatMap(Self.typeNames) : nil
    }

    /// The names `e` compares `type` with, when that is all it does; nil for anything else.
    private static func typeNames(_ e: CELExpr) -> Set<String>? {
        guard case .call(let function, nil, let args) = e.kind, args.count == 2 else { return nil }
        func isType(_ e: CELExpr) -> Bool {
            if case .ident("type") = e.kind { return true }
            return false
        }
        func name(_ e: CELExpr) -> String? {
            if case .literal(.string(let s)) = e.kind { return s }
            return nil
        }
        switch function {
        case "_||_":
            guard let left = typeNames(args[0]), let right = typeNames(args[1]) else { return nil }
            return left.union(right)
        case "_==_":
            if isType(args[0]), let n = name(args[1]) { return [n] }
            if isType(args[1]), let n = name(args[0]) { return [n] }
            return nil
        case "@in":
            guard isType(args[0]), case .list(let items) = args[1].kind else { return nil }
            let names = items.compactMap(name)
            return names.count == items.count ? Set(names) : nil
        default:
            return nil
        }
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
