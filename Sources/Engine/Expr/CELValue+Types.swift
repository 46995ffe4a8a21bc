/// What kind of value a `CELValue` is: for `type()`, map keys, and declaring bindings.
extension CELValue {
    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: true
        default: false
        }
    }

    var isError: Bool {
        if case .error = self { return true }
        return false
    }

    /// The CEL type of this value, as `type(x)` reports it (type parameters erased).
    public var runtimeType: CELType {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .uint: .uint
        case .double: .double
        case .string: .string
        case .bytes: .bytes
        case .list: .list(.dyn)
        case .map: .map(key: .dyn, value: .dyn)
        case .type: .type(.dyn)
        case .record(let r): .record(r.type)
        case .error: .dyn
        }
    }

    /// The map key for this value, or nil if CEL does not allow it as a key.
    var mapKey: CELMapKey? {
        switch self {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): .uint(u)
        case .string(let s): .string(s)
        default: nil
        }
    }
}

extension CELValue {
    /// The most specific static type that fits this value: element types of uniform
    /// collections are kept, mixed ones become dyn.
    public var declaredType: CELType {
        switch self {
        case .list(let items):
            guard let first = items.first?.declaredType else { return .list(.dyn) }
            return .list(items.dropFirst().allSatisfy { $0.declaredType == first } ? first : .dyn)
        case .map(let m):
            let keys = Set(m.keys.map { $0.value.runtimeType })
            let values = m.values.map(\.declaredType)
            let v = values.first.map { f in values.allSatisfy { $0 == f } ? f : .dyn } ?? .dyn
            return .map(key: keys.count == 1 ? keys.first! : .dyn, value: v)
        default:
            return runtimeType
        }
    }
}
