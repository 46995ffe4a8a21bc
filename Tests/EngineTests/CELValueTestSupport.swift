@testable import Engine

/// Structural equality for tests: same case and same payload (1 and 1.0 differ), doubles
/// within a relative tolerance when one is given.
func same(_ a: CELValue, _ b: CELValue, tolerance: Double = 0) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.int(let x), .int(let y)): return x == y
    case (.uint(let x), .uint(let y)): return x == y
    case (.double(let x), .double(let y)):
        if x.isNaN || y.isNaN { return x.isNaN && y.isNaN }
        return x == y || abs(x - y) <= tolerance * max(1, abs(x), abs(y))
    case (.string(let x), .string(let y)): return x == y
    case (.bytes(let x), .bytes(let y)): return x == y
    case (.list(let x), .list(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { same($0, $1, tolerance: tolerance) }
    case (.map(let x), .map(let y)):
        return x.keys == y.keys && zip(x.values, y.values).allSatisfy { same($0, $1, tolerance: tolerance) }
    case (.error(let x), .error(let y)): return x == y
    default: return false
    }
}

func map(_ pairs: [(CELMapKey, CELValue)]) -> CELValue { .map(CELMap(pairs)) }
