/// String functions. All compare code points (UTF-8 bytes), like CEL, rather than Swift's
/// canonical equivalence.
enum CELStrings {
    static func startsWith(_ s: String, _ prefix: String) -> Bool {
        s.utf8.starts(with: prefix.utf8)
    }

    static func endsWith(_ s: String, _ suffix: String) -> Bool {
        let n = suffix.utf8.count
        return s.utf8.count >= n && s.utf8.suffix(n).elementsEqual(suffix.utf8)
    }

    static func contains(_ s: String, _ part: String) -> Bool {
        if part.isEmpty { return true }
        return s.utf8.firstRange(of: part.utf8) != nil
    }

    /// Applies a two-string predicate with CEL's error and overload rules.
    @inline(__always)
    static func apply(_ fn: String, _ a: CELValue, _ b: CELValue, _ test: (String, String) -> Bool) -> CELValue {
        if case .string(let x) = a, case .string(let y) = b { return .bool(test(x, y)) }
        return CELOperators.firstError(a, b) ?? .noOverload(fn, a, b)
    }
}

/// A compiled regular expression for `matches`: RE2-like syntax, searched anywhere in the text,
/// matching code point by code point.
struct CELRegex: @unchecked Sendable {
    // Regex is immutable once built; it is not declared Sendable in every toolchain.
    private let regex: Regex<AnyRegexOutput>

    init(_ pattern: String) throws {
        regex = try Regex(pattern).matchingSemantics(.unicodeScalar)
    }

    func matches(_ s: String) -> Bool {
        (try? regex.firstMatch(in: s)) != nil
    }

    static func matches(_ a: CELValue, _ pattern: CELValue) -> CELValue {
        guard case .string(let s) = a, case .string(let p) = pattern else {
            return CELOperators.firstError(a, pattern) ?? .noOverload("matches", a, pattern)
        }
        guard let re = try? CELRegex(p) else { return .fail("invalid regular expression '\(p)'") }
        return .bool(re.matches(s))
    }
}
