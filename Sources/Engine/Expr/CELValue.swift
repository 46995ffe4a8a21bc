/// A run-time value of the CEL subset. Errors are values too (CEL's error semantics):
/// `&&`, `||` and `?:` may absorb them; everything else propagates them.
public enum CELValue: Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map(CELMap)
    case type(CELType)
    case record(CELRecord)
    case error(CELError)
}

/// An evaluation error carried as a value, e.g. `division by zero`, `no such key: 'x'`.
public struct CELError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Map keys are restricted by CEL to bool, int, uint and string.
public enum CELMapKey: Hashable, Sendable {
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case string(String)

    public var value: CELValue {
        switch self {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): .uint(u)
        case .string(let s): .string(s)
        }
    }
}

/// A map that keeps insertion order (JSON objects and Python dicts round-trip unchanged).
public struct CELMap: Sendable {
    public private(set) var keys: [CELMapKey] = []
    public private(set) var values: [CELValue] = []
    private var index: [CELMapKey: Int] = [:]

    public init() {}

    public init(_ pairs: [(CELMapKey, CELValue)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: CELMapKey) -> CELValue? {
        get { index[key].map { values[$0] } }
        set {
            if let i = index[key] {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                index[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    public subscript(string key: String) -> CELValue? { self[.string(key)] }

    private mutating func remove(at i: Int) {
        index[keys[i]] = nil
        keys.remove(at: i)
        values.remove(at: i)
        for j in i..<keys.count { index[keys[j]] = j }
    }
}

/// A value of a record type: fields by position, as the record type orders them.
public struct CELRecord: Sendable {
    public let type: CELRecordType
    public var fields: [CELValue]

    public init(type: CELRecordType, fields: [CELValue]) {
        precondition(fields.count == type.fields.count, "record \(type.name) needs \(type.fields.count) fields")
        self.type = type
        self.fields = fields
    }
}
