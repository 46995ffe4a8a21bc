extension PlainJSON {
    /// Whether two values are written as the same JSON (`text(a) == text(b)`), found without
    /// writing either: a client sees a value change exactly when its text does, and the
    /// per-event checks (data breakpoints, tracked features) must not build text each event.
    public static func sameText(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        // Shortest digits are unique to a value; -0.0 and 0.0 are written apart.
        case (.double(let x), .double(let y)): return (x == y && x.sign == y.sign) || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameText($0, $1) }
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x.keys, y.keys).allSatisfy(sameKeyText) && zip(x.values, y.values).allSatisfy { sameText($0, $1) }
        default: return text(a) == text(b)  // different cases that may still write alike (1 and 1 as uint, "NaN")
        }
    }

    private static func sameKeyText(_ a: CELMapKey, _ b: CELMapKey) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        default: return keyText(a) == keyText(b)
        }
    }
}
