/// What a name in the expression refers to, decided at compile time.
enum CELReference: Sendable {
    case slot(Int)  // environment variable
    case local(Int)  // comprehension variable, by index into the frame's locals
    case typeValue(CELType)  // a type denotation such as `int`
    case unresolved(String)  // unchecked mode only: an evaluation error
}

/// The checker's findings, indexed by expression id.
struct CELCheckedExpr {
    var types: [CELType]
    var references: [Int: CELReference]
    /// Local index of each comprehension's variable, by comprehension id.
    var comprehensionLocals: [Int: Int]
    var localCount: Int
    var unknownFunctions: Set<Int>  // unchecked mode: calls that fail when evaluated
    var strict: Bool
}

/// Infers types bottom-up and resolves names. Strict mode reports the first type error with
/// its position; unchecked mode records `dyn` where a rule fails and lets evaluation decide.
struct CELChecker {
    private let env: CELEnvironment
    private let strict: Bool
    private var result: CELCheckedExpr
    private var scope: [(name: String, local: Int, type: CELType)] = []
    private var depth = 0
    static let maxDepth = 400

    static func check(_ e: CELExpr, nodeCount: Int, env: CELEnvironment, strict: Bool) throws(CELCompileError)
        -> CELCheckedExpr
    {
        var checker = CELChecker(env: env, strict: strict, nodeCount: nodeCount)
        _ = try checker.visit(e)
        return checker.result
    }

    private init(env: CELEnvironment, strict: Bool, nodeCount: Int) {
        self.env = env
        self.strict = strict
        result = CELCheckedExpr(types: Array(repeating: .dyn, count: nodeCount), references: [:],
                                comprehensionLocals: [:], localCount: 0, unknownFunctions: [], strict: strict)
    }

    private func fail(_ e: CELExpr, _ message: String) throws(CELCompileError) -> CELType {
        if strict { throw CELCompileError(message: message, line: e.line, column: e.column) }
        return .dyn
    }

    private mutating func visit(_ e: CELExpr) throws(CELCompileError) -> CELType {
        // The parser builds long operator chains without recursion; bound every later walk here.
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw CELCompileError(message: "expression nested too deeply (more than \(Self.maxDepth) levels)",
                                  line: e.line, column: e.column)
        }
        let t = try infer(e)
        let recorded = strict ? t : CELType.dyn
        result.types[e.id] = recorded
        return recorded
    }

    private mutating func infer(_ e: CELExpr) throws(CELCompileError) -> CELType {
        switch e.kind {
        case .literal(let v): return v.runtimeType == .list(.dyn) ? .list(.dyn) : v.runtimeType
        case .ident(let name): return try identifier(e, name)
        case .select(let operand, let field, let test): return try select(e, operand, field, test)
        case .call(let fn, let target, let args): return try call(e, fn, target, args)
        case .list(let items):
            var elem: CELType?
            for item in items {
                let t = try visit(item)
                elem = elem.map { CELSignatures.join($0, t) } ?? t
            }
            return .list(elem ?? .dyn)
        case .map(let entries):
            var key: CELType?, value: CELType?
            for (k, v) in entries {
                let kt = try visit(k)
                if ![.string, .int, .uint, .bool, .dyn].contains(kt) {
                    _ = try fail(k, "a map key must be string, int, uint or bool, not \(kt)")
                }
                let vt = try visit(v)
                key = key.map { CELSignatures.join($0, kt) } ?? kt
                value = value.map { CELSignatures.join($0, vt) } ?? vt
            }
            return .map(key: key ?? .dyn, value: value ?? .dyn)
        case .comprehension(let c): return try comprehension(e, c)
        }
    }

    private mutating func identifier(_ e: CELExpr, _ name: String) throws(CELCompileError) -> CELType {
        if let local = scope.last(where: { $0.name == name }) {
            result.references[e.id] = .local(local.local)
            return local.type
        }
        if let slot = env.slot(of: name) {
            result.references[e.id] = .slot(slot)
            return env.variables[slot].type
        }
        if let t = CELSignatures.typeDenotations[name] {
            result.references[e.id] = .typeValue(t)
            return .type(t)
        }
        result.references[e.id] = .unresolved(name)
        let names = scope.map(\.name) + env.variables.map(\.name)
        let hint = CELSuggestion.hint(for: name, in: names)
        return try fail(e, "undeclared reference to '\(name)'\(hint); expected a variable such as "
            + (env.variables.prefix(8).map(\.name).joined(separator: ", ")).nonEmpty(or: "(none declared)"))
    }

    /// `a.b.c` may name a variable called "a.b.c" (longest declared prefix wins) unless `a` is local.
    private func qualifiedName(_ e: CELExpr) -> String? {
        switch e.kind {
        case .ident(let name): return scope.contains { $0.name == name } ? nil : name
        case .select(let operand, let field, false): return qualifiedName(operand).map { "\($0).\(field)" }
        default: return nil
        }
    }

    private mutating func select(_ e: CELExpr, _ operand: CELExpr, _ field: String, _ test: Bool)
        throws(CELCompileError) -> CELType
    {
        if !test, let name = qualifiedName(e), let slot = env.slot(of: name) {
            result.references[e.id] = .slot(slot)
            return env.variables[slot].type
        }
        let t = try visit(operand)
        let fieldType: CELType
        switch t {
        case .dyn: fieldType = .dyn
        case .map(let k, let v):
            guard k == .string || k == .dyn else {
                return try fail(e, "cannot select field '\(field)' from a map with \(k) keys; use [ ] indexing")
            }
            fieldType = v
        case .record(let r):
            guard let i = r.fieldIndex(field) else {
                let names = r.fields.map(\.name).joined(separator: ", ")
                let hint = CELSuggestion.hint(for: field, in: r.fields.map(\.name))
                return try fail(e, "\(r.name) has no field '\(field)'\(hint); expected one of: \(names)")
            }
            fieldType = r.fields[i].type
        default:
            return try fail(e, "type '\(t)' does not support field selection; expected a map or record")
        }
        return test ? .bool : fieldType
    }

    private mutating func call(_ e: CELExpr, _ fn: String, _ target: CELExpr?, _ args: [CELExpr])
        throws(CELCompileError) -> CELType
    {
        let targetType = try target.map { (t) throws(CELCompileError) in try visit(t) }
        var argTypes: [CELType] = []
        for a in args { argTypes.append(try visit(a)) }
        guard CELSignatures.known.contains(fn) else {
            result.unknownFunctions.insert(e.id)
            let hint = CELSuggestion.hint(for: fn, in: CELSignatures.known.filter { $0.first != "_" && $0.first != "@" })
            return try fail(e, "undeclared function '\(fn)'\(hint)")
        }
        if let t = CELSignatures.result(fn, target: targetType, args: argTypes) { return t }
        if !strict { return .dyn }
        if fn == "_?_:_", argTypes[0] != .bool, argTypes[0] != .dyn {
            return try fail(args[0], "the condition of '?:' must be bool, not \(argTypes[0])")
        }
        let shown = ([targetType].compactMap { $0 } + argTypes).map(\.description).joined(separator: ", ")
        return try fail(e, "no matching overload for '\(Self.display(fn))' applied to (\(shown))\(Self.expectation(fn))")
    }

    private mutating func comprehension(_ e: CELExpr, _ c: CELComprehension) throws(CELCompileError) -> CELType {
        let rangeType = try visit(c.range)
        let elem: CELType
        switch rangeType {
        case .list(let t): elem = t
        case .map(let k, _): elem = k
        case .dyn: elem = .dyn
        default: elem = try fail(c.range, "\(c.kind.rawValue)() needs a list or map, not \(rangeType)")
        }
        let local = result.localCount
        result.localCount += 1
        result.comprehensionLocals[e.id] = local
        scope.append((c.variable, local, elem))
        defer { scope.removeLast() }
        if let filter = c.filter {
            let ft = try visit(filter)
            if ft != .bool && ft != .dyn { _ = try fail(filter, "the predicate of map() must be bool, not \(ft)") }
        }
        let body = try visit(c.body)
        switch c.kind {
        case .all, .exists, .existsOne, .filter:
            if body != .bool && body != .dyn {
                _ = try fail(c.body, "the predicate of \(c.kind.rawValue)() must be bool, not \(body)")
            }
            return c.kind == .filter ? .list(elem) : .bool
        case .map:
            return .list(body)
        }
    }

    private static func display(_ fn: String) -> String {
        switch fn {
        case "@in": "in"
        case "_[_]": "[]"
        case "_?_:_": "?:"
        default: fn.filter { $0 != "_" }
        }
    }

    private static func expectation(_ fn: String) -> String {
        switch fn {
        case "_+_": "; expected two numbers of the same type, two strings, or two lists"
        case "_-_", "_*_", "_/_": "; expected two numbers of the same type (convert with int() or double())"
        case "_%_": "; expected two ints or two uints"
        case "_<_", "_<=_", "_>_", "_>=_": "; expected two numbers, two strings, two bytes or two bools"
        case "_==_", "_!=_": "; expected operands of the same type"
        case "_&&_", "_||_", "!_": "; expected bool"
        case "size": "; expected a string, bytes, list or map"
        case "startsWith", "endsWith", "contains", "matches": "; expected string arguments"
        default: ""
        }
    }
}

extension String {
    fileprivate func nonEmpty(or fallback: String) -> String { isEmpty ? fallback : self }
}
