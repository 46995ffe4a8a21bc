/// A total order on values, so `min`, `max`, `percentile` and `histogram` work on any value
/// an expression produces.
///
/// Types rank `null < bool < number < string < bytes < list < map < type < record < error`.
/// Numbers compare by exact mathematical value across int, uint and double (so `1 == 1.0`);
/// NaN is equal to itself and above every other number. Lists compare element-wise, then by
/// length; maps by size, then by their entries in key order.
public enum CELValueOrder {
    @inline(__always)
    public static func compare(_ a: CELValue, _ b: CELValue) -> Int {
        // The common same-type numbers (every min/max update) without a call or a copy of
        // either value: `switch (a, b)` builds a tuple of both.
        if case .double(let x) = a, case .double(let y) = b, !x.isNaN, !y.isNaN { return x == y ? 0 : (x < y ? -1 : 1) }
        if case .int(let x) = a, case .int(let y) = b { return x == y ? 0 : (x < y ? -1 : 1) }
        return compareAny(a, b)
    }

    private static func compareAny(_ a: CELValue, _ b: CELValue) -> Int {
        let (ra, rb) = (rank(a), rank(b))
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.null, .null): return 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.bytes(let x), .bytes(let y)): return lexicographic(x, y) { $0 == $1 ? 0 : ($0 < $1 ? -1 : 1) }
        case (.list(let x), .list(let y)): return lexicographic(x, y, compare)
        case (.map(let x), .map(let y)): return compareMaps(x, y)
        case (.type(let x), .type(let y)): return sign(String(describing: x), String(describing: y))
        case (.record(let x), .record(let y)):
            let byType = sign(x.type.name, y.type.name)
            return byType != 0 ? byType : lexicographic(x.fields, y.fields, compare)
        case (.error(let x), .error(let y)): return sign(x.message, y.message)
        default: return compareNumbers(a, b)
        }
    }

    public static func equal(_ a: CELValue, _ b: CELValue) -> Bool { compare(a, b) == 0 }

    static func rank(_ value: CELValue) -> Int {
        switch value {
        case .null: 0
        case .bool: 1
        case .int, .uint, .double: 2
        case .string: 3
        case .bytes: 4
        case .list: 5
        case .map: 6
        case .type: 7
        case .record: 8
        case .error: 9
        }
    }

    private static func sign(_ x: String, _ y: String) -> Int { x == y ? 0 : (x < y ? -1 : 1) }

    private static func lexicographic<T>(_ x: [T], _ y: [T], _ element: (T, T) -> Int) -> Int {
        for (p, q) in zip(x, y) {
            let c = element(p, q)
            if c != 0 { return c }
        }
        return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
    }

    private static func compareMaps(_ x: CELMap, _ y: CELMap) -> Int {
        if x.count != y.count { return x.count < y.count ? -1 : 1 }
        let order: ((CELMapKey, CELValue), (CELMapKey, CELValue)) -> Bool = { compare($0.0.value, $1.0.value) < 0 }
        let xs = zip(x.keys, x.values).sorted(by: order)
        let ys = zip(y.keys, y.values).sorted(by: order)
        for (p, q) in zip(xs, ys) {
            let byKey = compare(p.0.value, q.0.value)
            if byKey != 0 { return byKey }
            let byValue = compare(p.1, q.1)
            if byValue != 0 { return byValue }
        }
        return 0
    }

    private static func compareNumbers(_ a: CELValue, _ b: CELValue) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.uint(let x), .uint(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : compareNumbers(.uint(UInt64(x)), .uint(y))
        case (.uint, .int): return -compareNumbers(b, a)
        case (.int(let x), .double(let y)): return compare(x, y)
        case (.double, .int): return -compareNumbers(b, a)
        case (.uint(let x), .double(let y)): return compare(x, y)
        case (.double, .uint): return -compareNumbers(b, a)
        case (.double(let x), .double(let y)):
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? 1 : -1) }
            return x == y ? 0 : (x < y ? -1 : 1)
        default: return 0
        }
    }

    /// Exact comparison of an integer with a double (no rounding of the integer).
    private static func compare(_ x: Int64, _ y: Double) -> Int {
        if y.isNaN || y >= 0x1p63 { return -1 }
        if y < -0x1p63 { return 1 }
        let floor = y.rounded(.down)
        let whole = Int64(floor)
        if x != whole { return x < whole ? -1 : 1 }
        return y > floor ? -1 : 0
    }

    private static func compare(_ x: UInt64, _ y: Double) -> Int {
        if y.isNaN || y >= 0x1p64 { return -1 }
        if y < 0 { return 1 }
        let floor = y.rounded(.down)
        let whole = UInt64(floor)
        if x != whole { return x < whole ? -1 : 1 }
        return y > floor ? -1 : 0
    }
}
