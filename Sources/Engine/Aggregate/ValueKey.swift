/// A `CELValue` usable as a dictionary key, equal exactly when `CELValueOrder` says so
/// (so `1`, `1u` and `1.0` count as one value in `distinct_count`, `histogram`, `top_k`).
///
/// A wrapper rather than a `Hashable` conformance on `CELValue`, whose equality belongs to
/// the expression evaluator.
public struct ValueKey: Hashable, Sendable {
    public let value: CELValue

    public init(_ value: CELValue) { self.value = value }

    public static func == (a: ValueKey, b: ValueKey) -> Bool {
        // Same-type strings and ints (most counted values) skip the general order's dispatch.
        switch (a.value, b.value) {
        case (.string(let x), .string(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        default: CELValueOrder.equal(a.value, b.value)
        }
    }

    public func hash(into hasher: inout Hasher) { Self.hash(value, into: &hasher) }

    private static func hash(_ value: CELValue, into hasher: inout Hasher) {
        // Strings and numbers (the usual counted values) skip the type rank: a collision
        // across types costs one comparison, the rank costs a hash step per lookup.
        // Numbers must all skip it alike: 1, 1u and 1.0 are one value.
        switch value {
        case .string, .int, .uint, .double: break
        default: hasher.combine(CELValueOrder.rank(value))
        }
        switch value {
        case .null: break
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .uint(let u):
            if u <= UInt64(Int64.max) { hasher.combine(Int64(u)) } else { hasher.combine(u) }
        case .double(let d): hashNumber(d, into: &hasher)
        case .string(let s): hasher.combine(s)
        case .bytes(let b): hasher.combine(b)
        case .list(let items):
            hasher.combine(items.count)
            for item in items { hash(item, into: &hasher) }
        case .map(let map):
            // Order-independent: maps equal regardless of insertion order.
            var combined = 0
            for (k, v) in zip(map.keys, map.values) {
                var entry = Hasher()
                hash(k.value, into: &entry)
                hash(v, into: &entry)
                combined &+= entry.finalize()
            }
            hasher.combine(map.count)
            hasher.combine(combined)
        case .type(let t): hasher.combine(String(describing: t))
        case .record(let r):
            hasher.combine(r.type.name)
            for field in r.fields { hash(field, into: &hasher) }
        case .error(let e): hasher.combine(e.message)
        }
    }

    /// Hashes a double like the integer it equals, when it equals one.
    private static func hashNumber(_ d: Double, into hasher: inout Hasher) {
        if d.isNaN {
            hasher.combine(Double.nan.bitPattern)
        } else if d.rounded(.down) == d, d >= -0x1p63, d < 0x1p63 {
            hasher.combine(Int64(d))
        } else if d.rounded(.down) == d, d >= 0x1p63, d < 0x1p64 {
            hasher.combine(UInt64(d))
        } else {
            hasher.combine(d.bitPattern)
        }
    }
}
