/// Operators and functions. Common shapes with a constant operand (`page == "home"`,
/// `params.price > 10.0`, `x in ["a", "b"]`, `s.startsWith("x")`) get closures of their own.
extension CELCompiler {
    func call(_ e: CELExpr, _ fn: String, _ target: CELExpr?, _ args: [CELExpr]) throws(CELCompileError) -> CELCompiled {
        if checked.unknownFunctions.contains(e.id) {
            let err = CELValue.fail("unbound function '\(fn)'")
            return CELCompiled(eval: { _ in err })
        }
        let t = try target.map { (x) throws(CELCompileError) in try node(x) }
        var a: [CELCompiled] = []
        // `a && b && c` is one loop over its terms rather than nested closures.
        let operands = fn == "_&&_" || fn == "_||_" ? Self.flatten(fn, args) : args
        for arg in operands { a.append(try node(arg)) }
        let eval: CELEval
        if let t {
            eval = try method(fn, t, a, args)
        } else {
            eval = function(fn, a)
        }
        return CELCompiled(foldable: (t.map { $0.constant != nil } ?? true) && a.allSatisfy { $0.constant != nil }, eval)
    }

    private func function(_ fn: String, _ a: [CELCompiled]) -> CELEval {
        switch (fn, a.count) {
        case ("_&&_", _): return logical(a.map { CELTerm(eval: $0.eval) }, decisive: false)
        case ("_||_", _): return logical(a.map { CELTerm(eval: $0.eval) }, decisive: true)
        case ("_?_:_", 3):
            let (c, x, y) = (a[0].eval, a[1].eval, a[2].eval)
            return { ctx in
                let cond = c(ctx)
                switch cond {
                case .bool(true): return x(ctx)
                case .bool(false): return y(ctx)
                case .error: return cond
                default: return .noOverload("_?_:_", cond)
                }
            }
        case ("_==_", 2), ("_!=_", 2):
            return equality(negated: fn == "_!=_", a[0], a[1])
        case ("_<_", 2): return ordering(CELLess.self, a[0], a[1])
        case ("_<=_", 2): return ordering(CELLessOrEqual.self, a[0], a[1])
        case ("_>_", 2): return ordering(CELGreater.self, a[0], a[1])
        case ("_>=_", 2): return ordering(CELGreaterOrEqual.self, a[0], a[1])
        case ("@in", 2): return membership(a[0], a[1])
        case (_, 1):
            if let f = unary(fn, a[0].eval) { return f }
        case (_, 2):
            if let f = binary(fn, a[0].eval, a[1].eval) { return f }
        default: break
        }
        let err = CELValue.fail("no matching overload for '\(fn)' with \(a.count) arguments")
        return { _ in err }
    }

    // Each closure calls its operation directly (no function values looked up at run time).
    private func unary(_ fn: String, _ x: @escaping CELEval) -> CELEval? {
        switch fn {
        case "-_": { CELOperators.negate(x($0)) }
        case "!_": { CELOperators.not(x($0)) }
        case "size": { CELAccess.size(x($0)) }
        case "int": { CELConversions.toInt(x($0)) }
        case "uint": { CELConversions.toUint(x($0)) }
        case "double": { CELConversions.toDouble(x($0)) }
        case "string": { CELConversions.toString(x($0)) }
        case "bool": { CELConversions.toBool(x($0)) }
        case "bytes": { CELConversions.toBytes(x($0)) }
        case "type": { CELConversions.typeOf(x($0)) }
        case "dyn": x
        default: nil
        }
    }

    private func binary(_ fn: String, _ x: @escaping CELEval, _ y: @escaping CELEval) -> CELEval? {
        switch fn {
        case "_+_": { CELOperators.add(x($0), y($0)) }
        case "_-_": { CELOperators.subtract(x($0), y($0)) }
        case "_*_": { CELOperators.multiply(x($0), y($0)) }
        case "_/_": { CELOperators.divide(x($0), y($0)) }
        case "_%_": { CELOperators.modulo(x($0), y($0)) }
        case "_[_]": { CELAccess.index(x($0), y($0)) }
        case "matches": { CELRegex.matches(x($0), y($0)) }
        default: nil
        }
    }

    private func method(_ fn: String, _ t: CELCompiled, _ a: [CELCompiled], _ args: [CELExpr])
        throws(CELCompileError) -> CELEval
    {
        let target = t.eval
        switch (fn, a.count) {
        case ("size", 0):
            return { ctx in CELAccess.size(target(ctx)) }
        case ("startsWith", 1): return stringTest("startsWith", target, a[0], CELStrings.startsWith)
        case ("endsWith", 1): return stringTest("endsWith", target, a[0], CELStrings.endsWith)
        case ("contains", 1): return stringTest("contains", target, a[0], CELStrings.contains)
        case ("matches", 1):
            if case .string(let pattern) = a[0].constant {
                let re: CELRegex
                do {
                    re = try CELRegex(pattern)
                } catch {
                    if checked.strict {
                        throw CELCompileError(message: "invalid regular expression '\(pattern)': \(error)",
                                              line: args[0].line, column: args[0].column)
                    }
                    let err = CELValue.fail("invalid regular expression '\(pattern)'")
                    return { _ in err }
                }
                return { ctx in
                    let v = target(ctx)
                    if case .string(let s) = v { return .bool(re.matches(s)) }
                    return CELOperators.firstError(v, .null) ?? .noOverload("matches", v)
                }
            }
            let p = a[0].eval
            return { ctx in CELRegex.matches(target(ctx), p(ctx)) }
        default:
            let err = CELValue.fail("no matching overload for '\(fn)' as a method with \(a.count) arguments")
            return { _ in err }
        }
    }

    private func stringTest(_ fn: String, _ target: @escaping CELEval, _ arg: CELCompiled,
                            _ test: @escaping @Sendable (String, String) -> Bool) -> CELEval
    {
        if case .string(let k) = arg.constant {
            return { ctx in
                let v = target(ctx)
                if case .string(let s) = v { return .bool(test(s, k)) }
                return CELStrings.apply(fn, v, .string(k), test)
            }
        }
        let x = arg.eval
        return { ctx in CELStrings.apply(fn, target(ctx), x(ctx), test) }
    }

    /// The terms of a chain of the same logical operator, left to right.
    private static func flatten(_ fn: String, _ args: [CELExpr]) -> [CELExpr] {
        args.flatMap { arg -> [CELExpr] in
            if case .call(fn, nil, let inner) = arg.kind { return flatten(fn, inner) }
            return [arg]
        }
    }

    /// `&&` (decisive false) or `||` (decisive true) over any number of terms: the decisive
    /// value wins wherever it appears; otherwise the first error or non-bool decides.
    private func logical(_ terms: [CELTerm], decisive: Bool) -> CELEval {
        let name = decisive ? "_||_" : "_&&_"
        if terms.count == 2 {
            let (l, r) = (terms[0].eval, terms[1].eval)
            return { ctx in
                let a = l(ctx)
                if case .bool(let x) = a, x == decisive { return a }
                let b = r(ctx)
                if case .bool(let y) = b {
                    if y == decisive { return b }
                    if case .bool = a { return b }
                }
                return a.isError ? a : (b.isError ? b : .noOverload(name, a, b))
            }
        }
        return { ctx in
            var pending: CELValue?
            for term in terms {
                let v = term.eval(ctx)
                if case .bool(let x) = v {
                    if x == decisive { return v }
                } else if pending == nil {
                    pending = v.isError ? v : .noOverload(name, v)
                }
            }
            return pending ?? .bool(!decisive)
        }
    }

    private func equality(negated: Bool, _ l: CELCompiled, _ r: CELCompiled) -> CELEval {
        // Put a constant on the right; equality is symmetric.
        let (x, y) = l.constant != nil && r.constant == nil ? (r, l) : (l, r)
        if case .string(let k) = y.constant {
            let constant = CELValue.string(k)
            if let slot = x.slot {
                return { ctx in
                    if case .string(let s) = ctx.slots[slot] { return .bool(CELEquality.strings(s, k) != negated) }
                    let v = CELOperators.equal(ctx.slots[slot], constant)
                    if negated, case .bool(let b) = v { return .bool(!b) }
                    return v
                }
            }
            let f = x.eval
            return { ctx in
                let v = f(ctx)
                if case .string(let s) = v { return .bool(CELEquality.strings(s, k) != negated) }
                let result = CELOperators.equal(v, constant)
                if negated, case .bool(let b) = result { return .bool(!b) }
                return result
            }
        }
        if case .int(let k) = y.constant {
            let (f, constant) = (x.eval, CELValue.int(k))
            return { ctx in
                let v = f(ctx)
                if case .int(let i) = v { return .bool((i == k) != negated) }
                return negated ? CELOperators.notEqual(v, constant) : CELOperators.equal(v, constant)
            }
        }
        let (f, g) = (x.eval, y.eval)
        if negated { return { ctx in CELOperators.notEqual(f(ctx), g(ctx)) } }
        return { ctx in CELOperators.equal(f(ctx), g(ctx)) }
    }

    private func ordering<O: CELOrdering>(_: O.Type, _ l: CELCompiled, _ r: CELCompiled) -> CELEval {
        let f = l.eval
        switch r.constant {
        case .double(let k)?:
            return { ctx in
                let v = f(ctx)
                if case .double(let d) = v { return .bool(O.holds(d, k)) }
                if case .int(let i) = v { return .bool(O.holds(Double(i), k)) }
                return CELOperators.ordered(O.name, v, .double(k), O.test)
            }
        case .int(let k)?:
            return { ctx in
                let v = f(ctx)
                if case .int(let i) = v { return .bool(O.holds(i, k)) }
                if case .double(let d) = v { return .bool(O.holds(d, Double(k))) }
                return CELOperators.ordered(O.name, v, .int(k), O.test)
            }
        default:
            let g = r.eval
            return { ctx in
                let v = f(ctx), w = g(ctx)
                // Two numbers of one kind (`params.price > a.params.price`) compare directly.
                if case .double(let x) = v, case .double(let y) = w { return .bool(O.holds(x, y)) }
                if case .int(let x) = v, case .int(let y) = w { return .bool(O.holds(x, y)) }
                return CELOperators.ordered(O.name, v, w, O.test)
            }
        }
    }

    private func membership(_ element: CELCompiled, _ container: CELCompiled) -> CELEval {
        let f = element.eval
        if case .list(let items) = container.constant {
            let strings = items.compactMap { v -> String? in if case .string(let s) = v { s } else { nil } }
            if strings.count == items.count {
                // A constant list of strings: compare without building values.
                let constant = CELValue.list(items)
                return { ctx in
                    let v = f(ctx)
                    if case .string(let s) = v {
                        for i in strings.indices where CELEquality.strings(s, strings[i]) { return .bool(true) }
                        return .bool(false)
                    }
                    return CELAccess.contains(v, constant)
                }
            }
        }
        let g = container.eval
        return { ctx in CELAccess.contains(f(ctx), g(ctx)) }
    }
}

/// One ordering operator, so `ordering` specialises into straight-line comparisons.
protocol CELOrdering: SendableMetatype {
    static var name: String { get }
    static func test(_ c: Int) -> Bool
    static func holds<T: Comparable>(_ a: T, _ b: T) -> Bool
}

enum CELLess: CELOrdering {
    static let name = "_<_"
    static func test(_ c: Int) -> Bool { c < 0 }
    @inline(__always) static func holds<T: Comparable>(_ a: T, _ b: T) -> Bool { a < b }
}

enum CELLessOrEqual: CELOrdering {
    static let name = "_<=_"
    static func test(_ c: Int) -> Bool { c <= 0 }
    @inline(__always) static func holds<T: Comparable>(_ a: T, _ b: T) -> Bool { a <= b }
}

enum CELGreater: CELOrdering {
    static let name = "_>_"
    static func test(_ c: Int) -> Bool { c > 0 }
    @inline(__always) static func holds<T: Comparable>(_ a: T, _ b: T) -> Bool { a > b }
}

enum CELGreaterOrEqual: CELOrdering {
    static let name = "_>=_"
    static func test(_ c: Int) -> Bool { c >= 0 }
    @inline(__always) static func holds<T: Comparable>(_ a: T, _ b: T) -> Bool { a >= b }
}
