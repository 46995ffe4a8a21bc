/// Type conversions `int() uint() double() string() bool() bytes() type()`; out-of-range and
/// unparsable inputs are errors.
enum CELConversions {
    // 2^63 and 2^64 as doubles: the first values out of range (CEL also excludes -2^63).
    private static let twoTo63 = 9223372036854775808.0
    private static let twoTo64 = 18446744073709551616.0

    static func toInt(_ v: CELValue) -> CELValue {
        switch v {
        case .int: return v
        case .uint(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .fail("range error: \(u) does not fit in int")
        case .double(let d):
            guard d.isFinite, d > -twoTo63, d < twoTo63 else { return .fail("range error: \(d) does not fit in int") }
            return .int(Int64(d))
        case .string(let s):
            guard let i = Int64(s) else { return .fail("cannot convert '\(s)' to int") }
            return .int(i)
        case .error: return v
        default: return .noOverload("int", v)
        }
    }

    static func toUint(_ v: CELValue) -> CELValue {
        switch v {
        case .uint: return v
        case .int(let i): return i >= 0 ? .uint(UInt64(i)) : .fail("range error: \(i) does not fit in uint")
        case .double(let d):
            guard d.isFinite, d > -1, d < twoTo64 else { return .fail("range error: \(d) does not fit in uint") }
            return .uint(UInt64(d))
        case .string(let s):
            guard let u = UInt64(s) else { return .fail("cannot convert '\(s)' to uint") }
            return .uint(u)
        case .error: return v
        default: return .noOverload("uint", v)
        }
    }

    static func toDouble(_ v: CELValue) -> CELValue {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            guard let d = Double(s) else { return .fail("cannot convert '\(s)' to double") }
            return .double(d)
        case .error: return v
        default: return .noOverload("double", v)
        }
    }

    static func toString(_ v: CELValue) -> CELValue {
        switch v {
        case .string: return v
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(format(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { return .fail("bytes are not valid UTF-8") }
            return .string(s)
        case .error: return v
        default: return .noOverload("string", v)
        }
    }

    static func toBool(_ v: CELValue) -> CELValue {
        switch v {
        case .bool: return v
        case .string(let s):
            switch s {
            case "1", "t", "true", "TRUE", "True": return .bool(true)
            case "0", "f", "false", "FALSE", "False": return .bool(false)
            default: return .fail("Type conversion error: cannot convert '\(s)' to bool")
            }
        case .error: return v
        default: return .noOverload("bool", v)
        }
    }

    static func toBytes(_ v: CELValue) -> CELValue {
        switch v {
        case .bytes: return v
        case .string(let s): return .bytes(Array(s.utf8))
        case .error: return v
        default: return .noOverload("bytes", v)
        }
    }

    static func typeOf(_ v: CELValue) -> CELValue {
        if case .error = v { return v }
        return .type(v.runtimeType)
    }

    /// Shortest round-trip text, without a trailing ".0" (string(1.0) == "1").
    static func format(_ d: Double) -> String {
        let s = "\(d)"
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }
}
