/// Result types of CEL's functions and operators for given argument types; nil = no overload.
/// `dyn` matches anything, so these rules only reject what can never succeed.
enum CELSignatures {
    static func isNumeric(_ t: CELType) -> Bool { t == .int || t == .uint || t == .double }

    /// Whether values of the two types could ever be equal (dyn and null are wildcards here).
    static func comparable(_ a: CELType, _ b: CELType) -> Bool {
        switch (a, b) {
        case (.dyn, _), (_, .dyn), (.null, _), (_, .null): return true
        case (.list(let x), .list(let y)): return comparable(x, y)
        case (.map(let k1, let v1), .map(let k2, let v2)): return comparable(k1, k2) && comparable(v1, v2)
        case (.type, .type): return true
        default: return a == b
        }
    }

    /// The common type of two branches or list elements; dyn when they differ.
    static func join(_ a: CELType, _ b: CELType) -> CELType {
        if a == b { return a }
        switch (a, b) {
        case (.list(let x), .list(let y)): return .list(join(x, y))
        case (.map(let k1, let v1), .map(let k2, let v2)): return .map(key: join(k1, k2), value: join(v1, v2))
        default: return .dyn
        }
    }

    static let typeDenotations: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "string": .string, "bool": .bool,
        "bytes": .bytes, "list": .list(.dyn), "map": .map(key: .dyn, value: .dyn),
        "null_type": .null, "type": .type(.dyn),
    ]

    /// Functions this implementation knows, for "unknown function" versus "wrong arguments".
    static let known: Set<String> = [
        "_+_", "_-_", "_*_", "_/_", "_%_", "-_", "!_", "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_",
        "_&&_", "_||_", "_?_:_", "@in", "_[_]", "size", "startsWith", "endsWith", "contains", "matches",
        "int", "uint", "double", "string", "bool", "bytes", "dyn", "type",
    ]

    static func result(_ fn: String, target: CELType?, args a: [CELType]) -> CELType? {
        if let target { return method(fn, target, a) }
        switch (fn, a.count) {
        case ("_+_", 2):
            let (x, y) = (a[0], a[1])
            if x == .dyn { return [.int, .uint, .double, .string, .bytes, .dyn].contains(y) || isList(y) ? y : nil }
            if y == .dyn { return [.int, .uint, .double, .string, .bytes].contains(x) || isList(x) ? x : nil }
            if case .list(let e1) = x, case .list(let e2) = y { return .list(join(e1, e2)) }
            return x == y && [.int, .uint, .double, .string, .bytes].contains(x) ? x : nil
        case ("_-_", 2), ("_*_", 2), ("_/_", 2):
            return arithmetic(a[0], a[1], allowed: [.int, .uint, .double])
        case ("_%_", 2):
            return arithmetic(a[0], a[1], allowed: [.int, .uint])
        case ("-_", 1):
            return [.int, .double, .dyn].contains(a[0]) ? a[0] : nil
        case ("!_", 1):
            return [.bool, .dyn].contains(a[0]) ? .bool : nil
        case ("_&&_", 2), ("_||_", 2):
            return a.allSatisfy { $0 == .bool || $0 == .dyn } ? .bool : nil
        case ("_==_", 2), ("_!=_", 2):
            return comparable(a[0], a[1]) ? .bool : nil
        case ("_<_", 2), ("_<=_", 2), ("_>_", 2), ("_>=_", 2):
            return orderable(a[0], a[1]) ? .bool : nil
        case ("_?_:_", 3):
            guard a[0] == .bool || a[0] == .dyn else { return nil }
            if a[1] == a[2] || a[1] == .dyn || a[2] == .dyn { return a[1] == .dyn ? a[2] : a[1] }
            if a[1] == .null || a[2] == .null { return join(a[1], a[2]) }
            return comparable(a[1], a[2]) ? join(a[1], a[2]) : nil
        case ("@in", 2):
            switch a[1] {
            case .dyn: return .bool
            case .list(let e): return comparable(a[0], e) || numericPair(a[0], e) ? .bool : nil
            case .map(let k, _): return comparable(a[0], k) || numericPair(a[0], k) ? .bool : nil
            default: return nil
            }
        case ("_[_]", 2):
            switch a[0] {
            case .dyn: return .dyn
            case .list(let e): return [.int, .uint, .dyn].contains(a[1]) ? e : nil
            case .map(let k, let v): return comparable(k, a[1]) || numericPair(k, a[1]) ? v : nil
            default: return nil
            }
        case ("size", 1): return sizeable(a[0]) ? .int : nil
        case ("matches", 2): return a.allSatisfy { $0 == .string || $0 == .dyn } ? .bool : nil
        case ("int", 1): return [.int, .uint, .double, .string, .dyn].contains(a[0]) ? .int : nil
        case ("uint", 1): return [.int, .uint, .double, .string, .dyn].contains(a[0]) ? .uint : nil
        case ("double", 1): return [.int, .uint, .double, .string, .dyn].contains(a[0]) ? .double : nil
        case ("string", 1):
            return [.int, .uint, .double, .string, .bytes, .bool, .dyn].contains(a[0]) ? .string : nil
        case ("bool", 1): return [.bool, .string, .dyn].contains(a[0]) ? .bool : nil
        case ("bytes", 1): return [.bytes, .string, .dyn].contains(a[0]) ? .bytes : nil
        case ("dyn", 1): return .dyn
        case ("type", 1): return .type(a[0])
        default: return nil
        }
    }

    private static func method(_ fn: String, _ target: CELType, _ a: [CELType]) -> CELType? {
        switch (fn, a.count) {
        case ("size", 0): return sizeable(target) ? .int : nil
        case ("startsWith", 1), ("endsWith", 1), ("contains", 1), ("matches", 1):
            return [.string, .dyn].contains(target) && [.string, .dyn].contains(a[0]) ? .bool : nil
        default: return nil
        }
    }

    private static func isList(_ t: CELType) -> Bool {
        if case .list = t { return true }
        return false
    }

    private static func sizeable(_ t: CELType) -> Bool {
        switch t {
        case .string, .bytes, .list, .map, .dyn: true
        default: false
        }
    }

    private static func numericPair(_ a: CELType, _ b: CELType) -> Bool { isNumeric(a) && isNumeric(b) }

    private static func arithmetic(_ x: CELType, _ y: CELType, allowed: [CELType]) -> CELType? {
        if x == .dyn { return allowed.contains(y) || y == .dyn ? y : nil }
        if y == .dyn { return allowed.contains(x) ? x : nil }
        return x == y && allowed.contains(x) ? x : nil
    }

    private static func orderable(_ x: CELType, _ y: CELType) -> Bool {
        let ordered: [CELType] = [.int, .uint, .double, .string, .bytes, .bool]
        if x == .dyn { return y == .dyn || ordered.contains(y) }
        if y == .dyn { return ordered.contains(x) }
        return (x == y && ordered.contains(x)) || numericPair(x, y)
    }
}
