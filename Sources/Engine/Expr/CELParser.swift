/// Recursive-descent parser following CEL's grammar and precedence; expands the macros
/// `has`, `all`, `exists`, `exists_one`, `map` and `filter` while parsing.
struct CELParser {
    private let tokens: [CELToken]
    private var pos = 0
    private var nextID = 0
    private var depth = 0
    private static let maxDepth = 250

    /// Identifiers CEL reserves; they may still name a field after `.`.
    private static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    static func parse(_ source: String) throws(CELCompileError) -> (expr: CELExpr, nodeCount: Int) {
        var parser = CELParser(tokens: try CELLexer.tokenize(source))
        let e = try parser.expression()
        guard parser.current.kind == .end else {
            throw parser.error("expected an operator or end of expression but found \(parser.current.display)")
        }
        return (e, parser.nextID)
    }

    private init(tokens: [CELToken]) { self.tokens = tokens }

    private var current: CELToken { tokens[pos] }
    private func peekPunct(_ offset: Int) -> String? {
        pos + offset < tokens.count ? tokens[pos + offset].punct : nil
    }

    private func error(_ message: String, at token: CELToken? = nil) -> CELCompileError {
        let t = token ?? current
        return CELCompileError(message: message, line: t.line, column: t.column)
    }

    private mutating func node(_ kind: CELExpr.Kind, at token: CELToken) -> CELExpr {
        defer { nextID += 1 }
        return CELExpr(id: nextID, line: token.line, column: token.column, kind: kind)
    }

    private mutating func call(_ fn: String, _ args: [CELExpr], at token: CELToken) -> CELExpr {
        node(.call(function: fn, target: nil, args: args), at: token)
    }

    private mutating func accept(_ p: String) -> Bool {
        if current.punct == p {
            pos += 1
            return true
        }
        return false
    }

    private mutating func expect(_ p: String, _ context: String) throws(CELCompileError) {
        guard accept(p) else { throw error("expected '\(p)' \(context) but found \(current.display)") }
    }

    // expr: or ('?' or ':' expr)?
    private mutating func expression() throws(CELCompileError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
        let cond = try logicalOr()
        let q = current
        guard accept("?") else { return cond }
        let then = try logicalOr()
        try expect(":", "after the '?' branch of a conditional")
        let otherwise = try expression()
        return call("_?_:_", [cond, then, otherwise], at: q)
    }

    private mutating func logicalOr() throws(CELCompileError) -> CELExpr {
        var lhs = try logicalAnd()
        while current.punct == "||" {
            let op = current
            pos += 1
            lhs = call("_||_", [lhs, try logicalAnd()], at: op)
        }
        return lhs
    }

    private mutating func logicalAnd() throws(CELCompileError) -> CELExpr {
        var lhs = try relation()
        while current.punct == "&&" {
            let op = current
            pos += 1
            lhs = call("_&&_", [lhs, try relation()], at: op)
        }
        return lhs
    }

    private static let relations: [String: String] = [
        "<": "_<_", "<=": "_<=_", ">": "_>_", ">=": "_>=_", "==": "_==_", "!=": "_!=_",
    ]

    private mutating func relation() throws(CELCompileError) -> CELExpr {
        var lhs = try addition()
        while true {
            let op = current
            if let p = op.punct, let fn = Self.relations[p] {
                pos += 1
                lhs = call(fn, [lhs, try addition()], at: op)
            } else if case .ident("in") = op.kind {
                pos += 1
                lhs = call("@in", [lhs, try addition()], at: op)
            } else {
                return lhs
            }
        }
    }

    private mutating func addition() throws(CELCompileError) -> CELExpr {
        var lhs = try multiplication()
        while let p = current.punct, p == "+" || p == "-" {
            let op = current
            pos += 1
            lhs = call("_\(p)_", [lhs, try multiplication()], at: op)
        }
        return lhs
    }

    private mutating func multiplication() throws(CELCompileError) -> CELExpr {
        var lhs = try unary()
        while let p = current.punct, p == "*" || p == "/" || p == "%" {
            let op = current
            pos += 1
            lhs = call("_\(p)_", [lhs, try unary()], at: op)
        }
        return lhs
    }

    private mutating func unary() throws(CELCompileError) -> CELExpr {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw error("expression nested too deeply") }
        let op = current
        if accept("!") { return call("!_", [try unary()], at: op) }
        if accept("-") {
            // Fold `-<int literal>` so that -9223372036854775808 is representable.
            if case .int(let magnitude) = current.kind, peekPunct(1) != ".", peekPunct(1) != "[" {
                pos += 1
                guard magnitude <= UInt64(Int64.max) + 1 else { throw error("integer literal out of range", at: op) }
                let value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
                return try postfix(node(.literal(.int(value)), at: op))
            }
            return call("-_", [try unary()], at: op)
        }
        return try postfix(try primary())
    }

    private mutating func postfix(_ start: CELExpr) throws(CELCompileError) -> CELExpr {
        var e = start
        while true {
            let op = current
            if accept(".") {
                let nameToken = current
                let name: String
                switch nameToken.kind {
                case .ident(let s), .quotedIdent(let s): name = s
                default: throw error("expected a field or method name after '.' but found \(nameToken.display)")
                }
                pos += 1
                if case .ident = nameToken.kind, current.punct == "(" {
                    pos += 1
                    let args = try arguments(closing: ")")
                    e = try receiverCall(name, target: e, args: args, at: nameToken)
                } else {
                    e = node(.select(operand: e, field: name, test: false), at: nameToken)
                }
            } else if accept("[") {
                let index = try expression()
                try expect("]", "to close the index")
                e = call("_[_]", [e, index], at: op)
            } else {
                return e
            }
        }
    }

    private mutating func arguments(closing: String) throws(CELCompileError) -> [CELExpr] {
        var args: [CELExpr] = []
        if accept(closing) { return args }
        while true {
            args.append(try expression())
            if accept(closing) { return args }
            try expect(",", "or '\(closing)' in the argument list")
            if accept(closing) { return args }  // trailing comma
        }
    }

    private mutating func primary() throws(CELCompileError) -> CELExpr {
        let t = current
        switch t.kind {
        case .int(let v):
            pos += 1
            guard v <= UInt64(Int64.max) else { throw error("integer literal out of range", at: t) }
            return node(.literal(.int(Int64(v))), at: t)
        case .uint(let v):
            pos += 1
            return node(.literal(.uint(v)), at: t)
        case .double(let v):
            pos += 1
            return node(.literal(.double(v)), at: t)
        case .string(let s):
            pos += 1
            return node(.literal(.string(s)), at: t)
        case .bytes(let b):
            pos += 1
            return node(.literal(.bytes(b)), at: t)
        case .ident(let name):
            pos += 1
            switch name {
            case "true": return node(.literal(.bool(true)), at: t)
            case "false": return node(.literal(.bool(false)), at: t)
            case "null": return node(.literal(.null), at: t)
            default: break
            }
            if Self.reserved.contains(name) || name == "in" {
                throw error("'\(name)' is a reserved word and cannot be used as an identifier", at: t)
            }
            if accept("(") {
                let args = try arguments(closing: ")")
                return try globalCall(name, args: args, at: t)
            }
            return node(.ident(name), at: t)
        case .punct("."):
            // Leading dot: a name resolved from the root scope.
            pos += 1
            guard case .ident(let name) = current.kind else {
                throw error("expected an identifier after '.' but found \(current.display)")
            }
            let nameToken = current
            pos += 1
            if accept("(") { return try globalCall(name, args: try arguments(closing: ")"), at: nameToken) }
            return node(.ident(name), at: nameToken)
        case .punct("("):
            pos += 1
            let e = try expression()
            try expect(")", "to close the parenthesis opened at column \(t.column)")
            return e
        case .punct("["):
            pos += 1
            return node(.list(try arguments(closing: "]")), at: t)
        case .punct("{"):
            pos += 1
            return node(.map(try mapEntries()), at: t)
        case .quotedIdent:
            throw error("a quoted identifier is only valid as a field name after '.'", at: t)
        default:
            throw error("expected a value, identifier or '(' but found \(t.display)", at: t)
        }
    }

    private mutating func mapEntries() throws(CELCompileError) -> [(key: CELExpr, value: CELExpr)] {
        var entries: [(key: CELExpr, value: CELExpr)] = []
        if accept("}") { return entries }
        while true {
            let k = try expression()
            try expect(":", "between a map key and its value")
            entries.append((k, try expression()))
            if accept("}") { return entries }
            try expect(",", "or '}' in the map literal")
            if accept("}") { return entries }
        }
    }

    private mutating func globalCall(_ name: String, args: [CELExpr], at t: CELToken) throws(CELCompileError) -> CELExpr {
        if name == "has" {
            guard args.count == 1, case .select(let operand, let field, false) = args[0].kind else {
                throw error("has() expects one field selection such as has(params.price)", at: t)
            }
            return CELExpr(id: args[0].id, line: args[0].line, column: args[0].column,
                           kind: .select(operand: operand, field: field, test: true))
        }
        return node(.call(function: name, target: nil, args: args), at: t)
    }

    private mutating func receiverCall(_ name: String, target: CELExpr, args: [CELExpr], at t: CELToken)
        throws(CELCompileError) -> CELExpr
    {
        guard let kind = CELComprehension.Kind(rawValue: name) else {
            return node(.call(function: name, target: target, args: args), at: t)
        }
        let arity = kind == .map ? [2, 3] : [2]
        guard arity.contains(args.count) else {
            return node(.call(function: name, target: target, args: args), at: t)
        }
        guard case .ident(let variable) = args[0].kind else {
            throw error("the first argument of \(name)() must be a variable name", at: tokenAt(args[0]))
        }
        let c: CELComprehension
        if args.count == 3 {
            c = CELComprehension(kind: kind, variable: variable, range: target, filter: args[1], body: args[2])
        } else {
            c = CELComprehension(kind: kind, variable: variable, range: target, filter: nil, body: args[1])
        }
        return node(.comprehension(c), at: t)
    }

    private func tokenAt(_ e: CELExpr) -> CELToken { CELToken(kind: .end, line: e.line, column: e.column) }
}
