/// CEL's equality and ordering. Numbers compare across int, uint and double by value;
/// strings by code point (UTF-8 bytes), not by Swift's canonical equivalence.
enum CELEquality {
    @inline(__always)
    static func strings(_ a: String, _ b: String) -> Bool { CELStrings.equal(a, b) }

    static func equals(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return strings(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.type(let x), .type(let y)): return x == y
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !equals(x[i], y[i]) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in zip(x.keys, x.values) {
                guard let w = lookup(y, k.value), equals(v, w) else { return false }
            }
            return true
        case (.record(let x), .record(let y)):
            guard x.type == y.type else { return false }
            for i in x.fields.indices where !equals(x.fields[i], y.fields[i]) { return false }
            return true
        default:
            if let c = compareNumbers(a, b) { return c == 0 }
            return false
        }
    }

    /// Map lookup with numeric keys matching across int, uint and integral doubles.
    static func lookup(_ map: CELMap, _ key: CELValue) -> CELValue? {
        switch key {
        case .string(let s): return map[string: s]
        case .bool(let b): return map[.bool(b)]
        case .int(let i):
            if let v = map[.int(i)] { return v }
            return i >= 0 ? map[.uint(UInt64(i))] : nil
        case .uint(let u):
            if let v = map[.uint(u)] { return v }
            return u <= UInt64(Int64.max) ? map[.int(Int64(u))] : nil
        case .double(let d):
            if let i = Int64(exactly: d), let v = map[.int(i)] { return v }
            if let u = UInt64(exactly: d) { return map[.uint(u)] }
            return nil
        default: return nil
        }
    }

    /// -1, 0 or 1 for two numbers; nil when either is not a number or a NaN is involved.
    /// Int against double converts the int to double, as CEL does.
    static func compareNumbers(_ a: CELValue, _ b: CELValue) -> Int? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.uint(let x), .uint(let y)): return x < y ? -1 : (x > y ? 1 : 0)
        case (.double(let x), .double(let y)): return order(x, y)
        case (.int(let x), .double(let y)): return order(Double(x), y)
        case (.double(let x), .int(let y)): return order(x, Double(y))
        case (.uint(let x), .double(let y)): return order(Double(x), y)
        case (.double(let x), .uint(let y)): return order(x, Double(y))
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : compare(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : compare(x, UInt64(y))
        default: return nil
        }
    }

    @inline(__always)
    static func order(_ x: Double, _ y: Double) -> Int? {
        if x < y { return -1 }
        if x > y { return 1 }
        if x == y { return 0 }
        return nil
    }

    private static func compare(_ x: UInt64, _ y: UInt64) -> Int { x < y ? -1 : (x > y ? 1 : 0) }

    /// Ordering for `< <= > >=`: numbers, strings, bytes and bools. nil = no such overload,
    /// or NaN (the caller turns that into `false`).
    static func compare(_ a: CELValue, _ b: CELValue) -> Int?? {
        switch (a, b) {
        case (.string(let x), .string(let y)): return .some(compareBytes(x.utf8, y.utf8))
        case (.bytes(let x), .bytes(let y)): return .some(compareBytes(x, y))
        case (.bool(let x), .bool(let y)): return .some(x == y ? 0 : (x ? 1 : -1))
        default:
            guard a.isNumber && b.isNumber else { return nil }
            return .some(compareNumbers(a, b))
        }
    }

    private static func compareBytes<C: Sequence>(_ x: C, _ y: C) -> Int where C.Element == UInt8 {
        var i = x.makeIterator(), j = y.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let p?, let q?): if p != q { return p < q ? -1 : 1 }
            }
        }
    }
}
