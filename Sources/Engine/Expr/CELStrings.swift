/// String functions over UTF-8 bytes: CEL compares code points, not Swift's canonical
/// equivalence, and byte loops avoid the generic collection machinery on hot paths.
enum CELStrings {
    /// Runs `body` on the UTF-8 bytes of both strings (contiguous for native and small strings).
    @inline(__always)
    static func withBytes<R>(_ a: String, _ b: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = a.utf8.withContiguousStorageIfAvailable({ pa in
            b.utf8.withContiguousStorageIfAvailable { pb in body(pa, pb) }
        }), let r { return r }
        let x = Array(a.utf8), y = Array(b.utf8)
        return x.withUnsafeBufferPointer { pa in y.withUnsafeBufferPointer { pb in body(pa, pb) } }
    }

    @inline(__always)
    static func equal(_ a: String, _ b: String) -> Bool {
        // Swift's == is canonical equivalence: false means the bytes differ too. Only when it
        // says true do the bytes need confirming (and for ASCII it already compared them).
        guard a == b else { return false }
        return withBytes(a, b) { x, y in same(x, 0, y) }
    }

    /// Whether `y` occurs in `x` at byte offset `at`; a plain loop beats memcmp for short keys.
    @inline(__always)
    static func same(_ x: UnsafeBufferPointer<UInt8>, _ at: Int, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard at + y.count <= x.count else { return false }
        var i = 0
        while i < y.count {
            if x[at + i] != y[i] { return false }
            i += 1
        }
        return true
    }

    static func startsWith(_ s: String, _ prefix: String) -> Bool {
        withBytes(s, prefix) { x, p in same(x, 0, p) }
    }

    static func endsWith(_ s: String, _ suffix: String) -> Bool {
        withBytes(s, suffix) { x, p in p.count <= x.count && same(x, x.count - p.count, p) }
    }

    static func contains(_ s: String, _ part: String) -> Bool {
        withBytes(s, part) { x, p in
            if p.count == 0 { return true }
            if p.count > x.count { return false }
            let first = p[0]
            var i = 0
            let last = x.count - p.count
            while i <= last {
                if x[i] == first && same(x, i, p) { return true }
                i += 1
            }
            return false
        }
    }

    /// Code points, as CEL's size() counts them: every byte that does not continue a sequence.
    static func codePointCount(_ s: String) -> Int {
        if let n = s.utf8.withContiguousStorageIfAvailable({ bytes in
            var n = 0
            for b in bytes where b & 0xC0 != 0x80 { n += 1 }
            return n
        }) { return n }
        return s.unicodeScalars.count
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
