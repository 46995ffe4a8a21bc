extension CELValue {
    static func fail(_ message: String) -> CELValue { .error(CELError(message)) }

    static func noOverload(_ fn: String, _ args: CELValue...) -> CELValue {
        let types = args.map { $0.runtimeType.kindName }.joined(separator: ", ")
        return fail("no matching overload for '\(fn)' applied to (\(types))")
    }

    static let overflow = CELValue.fail("integer overflow")
}

extension CELType {
    /// The name `type()` reports: `list`, not `list(int)`.
    var kindName: String {
        switch self {
        case .list: "list"
        case .map: "map"
        case .type: "type"
        default: description
        }
    }
}

/// Arithmetic, negation and comparison. Strict operators return the first error argument;
/// `&&`, `||` and `?:` absorb errors as CEL specifies (see `CELCompiler.logical`).
enum CELOperators {
    @inline(__always)
    static func firstError(_ a: CELValue, _ b: CELValue) -> CELValue? {
        if case .error = a { return a }
        if case .error = b { return b }
        return nil
    }

    static func add(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .overflow : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .overflow : .uint(r)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        default: return firstError(a, b) ?? .noOverload("_+_", a, b)
        }
    }

    static func subtract(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .overflow : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .overflow : .uint(r)
        case (.double(let x), .double(let y)): return .double(x - y)
        default: return firstError(a, b) ?? .noOverload("_-_", a, b)
        }
    }

    static func multiply(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .overflow : .int(r)
        case (.uint(let x), .uint(let y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .overflow : .uint(r)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: return firstError(a, b) ?? .noOverload("_*_", a, b)
        }
    }

    static func divide(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .fail("division by zero") }
            let (r, o) = x.dividedReportingOverflow(by: y)
            return o ? .overflow : .int(r)
        case (.uint(let x), .uint(let y)):
            return y == 0 ? .fail("division by zero") : .uint(x / y)
        case (.double(let x), .double(let y)): return .double(x / y)
        default: return firstError(a, b) ?? .noOverload("_/_", a, b)
        }
    }

    static func modulo(_ a: CELValue, _ b: CELValue) -> CELValue {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { return .fail("modulus by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? .overflow : .int(r)
        case (.uint(let x), .uint(let y)):
            return y == 0 ? .fail("modulus by zero") : .uint(x % y)
        default: return firstError(a, b) ?? .noOverload("_%_", a, b)
        }
    }

    static func negate(_ a: CELValue) -> CELValue {
        switch a {
        case .int(let x): return x == .min ? .overflow : .int(-x)
        case .double(let x): return .double(-x)
        case .error: return a
        default: return .noOverload("-_", a)
        }
    }

    static func not(_ a: CELValue) -> CELValue {
        switch a {
        case .bool(let x): return .bool(!x)
        case .error: return a
        default: return .noOverload("!_", a)
        }
    }

    static func equal(_ a: CELValue, _ b: CELValue) -> CELValue {
        firstError(a, b) ?? .bool(CELEquality.equals(a, b))
    }

    static func notEqual(_ a: CELValue, _ b: CELValue) -> CELValue {
        firstError(a, b) ?? .bool(!CELEquality.equals(a, b))
    }

    /// `< <= > >=`, given how to read the three-way result; NaN compares false.
    @inline(__always)
    static func ordered(_ fn: String, _ a: CELValue, _ b: CELValue, _ test: (Int) -> Bool) -> CELValue {
        if let e = firstError(a, b) { return e }
        guard let c = CELEquality.compare(a, b) else { return .noOverload(fn, a, b) }
        guard let c else { return .bool(false) }
        return .bool(test(c))
    }

    static func less(_ a: CELValue, _ b: CELValue) -> CELValue { ordered("_<_", a, b) { $0 < 0 } }
    static func lessOrEqual(_ a: CELValue, _ b: CELValue) -> CELValue { ordered("_<=_", a, b) { $0 <= 0 } }
    static func greater(_ a: CELValue, _ b: CELValue) -> CELValue { ordered("_>_", a, b) { $0 > 0 } }
    static func greaterOrEqual(_ a: CELValue, _ b: CELValue) -> CELValue { ordered("_>=_", a, b) { $0 >= 0 } }
}
