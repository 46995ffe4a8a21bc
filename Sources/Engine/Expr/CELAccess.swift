/// Reading into values: indexing, field selection, `has`, `in` and `size`.
enum CELAccess {
    static func index(_ container: CELValue, _ key: CELValue) -> CELValue {
        if let e = CELOperators.firstError(container, key) { return e }
        switch container {
        case .list(let items):
            let i: Int64
            switch key {
            case .int(let x): i = x
            case .uint(let x) where x <= UInt64(Int64.max): i = Int64(x)
            case .double(let d) where Int64(exactly: d) != nil: i = Int64(exactly: d)!
            default: return .fail("invalid_argument: list index must be an integer, not \(key.runtimeType.kindName)")
            }
            guard i >= 0 && i < items.count else { return .fail("index out of range: \(i) (list size \(items.count))") }
            return items[Int(i)]
        case .map(let map):
            if let v = CELEquality.lookup(map, key) { return v }
            guard key.mapKey != nil || key.isNumber else { return .fail("unsupported key type: \(key.runtimeType)") }
            return .fail("no such key: \(describeKey(key))")
        default:
            return .noOverload("_[_]", container, key)
        }
    }

    /// What selecting a key a map does not have gives (also the compiled selects' error).
    static func noSuchKey(_ field: String) -> CELValue { .fail("no such key: '\(field)'") }

    static func select(_ operand: CELValue, _ field: String) -> CELValue {
        switch operand {
        case .map(let map):
            return map[string: field] ?? noSuchKey(field)
        case .record(let r):
            guard let i = r.type.fieldIndex(field) else { return .fail("no such field: '\(field)'") }
            return r.fields[i]
        case .error:
            return operand
        default:
            return .fail("type '\(operand.runtimeType.kindName)' does not support field selection")
        }
    }

    static func has(_ operand: CELValue, _ field: String) -> CELValue {
        switch operand {
        case .map(let map): return .bool(map[string: field] != nil)
        case .record(let r):
            guard let i = r.type.fieldIndex(field) else { return .fail("no such field: '\(field)'") }
            if case .null = r.fields[i] { return .bool(false) }
            return .bool(true)
        case .error: return operand
        default: return .fail("type '\(operand.runtimeType.kindName)' does not support field selection")
        }
    }

    static func contains(_ element: CELValue, _ container: CELValue) -> CELValue {
        if let e = CELOperators.firstError(element, container) { return e }
        switch container {
        case .list(let items):
            for item in items where CELEquality.equals(element, item) { return .bool(true) }
            return .bool(false)
        case .map(let map):
            return .bool(CELEquality.lookup(map, element) != nil)
        default:
            return .noOverload("@in", element, container)
        }
    }

    static func size(_ v: CELValue) -> CELValue {
        switch v {
        case .string(let s): .int(Int64(CELStrings.codePointCount(s)))
        case .bytes(let b): .int(Int64(b.count))
        case .list(let l): .int(Int64(l.count))
        case .map(let m): .int(Int64(m.count))
        case .error: v
        default: .noOverload("size", v)
        }
    }

    private static func describeKey(_ key: CELValue) -> String {
        if case .string(let s) = key { return "'\(s)'" }
        return CELTypedJSON.text(key)
    }
}
