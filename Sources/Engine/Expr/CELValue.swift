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
/// Storage is one shared box (copy-on-write) so a `CELValue` holding a map stays one word
/// of payload; small maps are searched linearly, which beats hashing a key for event params.
public struct CELMap: Sendable {
    private var storage: CELMapStorage

    public init() { storage = CELMapStorage() }

    /// An empty map with room for `capacity` entries.
    public init(reservingCapacity capacity: Int) {
        storage = CELMapStorage()
        storage.keys.reserveCapacity(capacity)
        storage.values.reserveCapacity(capacity)
    }

    /// Takes both arrays as the map's storage, in one step; `keys` must hold no duplicates.
    init(uniqueKeys keys: [CELMapKey], values: [CELValue]) {
        precondition(keys.count == values.count, "one value per key")
        storage = CELMapStorage(keys: keys, values: values)
    }

    public init(_ pairs: [(CELMapKey, CELValue)]) {
        storage = CELMapStorage()
        storage.keys.reserveCapacity(pairs.count)
        storage.values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var keys: [CELMapKey] { storage.keys }
    public var values: [CELValue] { storage.values }
    public var count: Int { storage.keys.count }
    public var isEmpty: Bool { storage.keys.isEmpty }

    public subscript(key: CELMapKey) -> CELValue? {
        get { storage.position(of: key).map { storage.values[$0] } }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            if let i = storage.position(of: key) {
                if let newValue { storage.values[i] = newValue } else { storage.remove(at: i) }
            } else if let newValue {
                storage.append(key, newValue)
            }
        }
    }

    public subscript(string key: String) -> CELValue? {
        storage.position(ofString: key).map { storage.values[$0] }
    }

    /// Where `key` is in insertion order, for callers that then update by position.
    func position(of key: CELMapKey) -> Int? { storage.position(of: key) }

    /// The value at a position in insertion order.
    func value(atPosition i: Int) -> CELValue { storage.values[i] }

    /// Replaces the value at a position: no key lookup (a histogram bumping a count).
    mutating func setValue(_ value: CELValue, atPosition i: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.values[i] = value
    }
}

/// Keys and values in insertion order; a hash index only once the map is large.
final class CELMapStorage: @unchecked Sendable {
    // Mutated only while uniquely referenced (CELMap's copy-on-write), hence @unchecked, and
    // never while being read, so the run-time exclusivity check (a third of a lookup) is off.
    @exclusivity(unchecked) var keys: [CELMapKey] = []
    @exclusivity(unchecked) var values: [CELValue] = []
    @exclusivity(unchecked) private var index: [CELMapKey: Int]?
    private static let linearLimit = 8

    init() {}

    init(keys: [CELMapKey], values: [CELValue]) {
        self.keys = keys
        self.values = values
        if keys.count > Self.linearLimit { rebuildIndex() }
    }

    func copy() -> CELMapStorage {
        let c = CELMapStorage()
        c.keys = keys
        c.values = values
        c.index = index
        return c
    }

    @inline(__always)
    func position(of key: CELMapKey) -> Int? {
        if let index { return index[key] }
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    @inline(__always)
    func position(ofString key: String) -> Int? {
        if let index { return index[.string(key)] }
        let length = key.utf8.count  // O(1); most keys differ in length, skipping String ==
        for i in keys.indices {
            if case .string(let k) = keys[i], k.utf8.count == length, k == key { return i }
        }
        return nil
    }

    func append(_ key: CELMapKey, _ value: CELValue) {
        keys.append(key)
        values.append(value)
        if index != nil {
            index![key] = keys.count - 1
        } else if keys.count > Self.linearLimit {
            rebuildIndex()
        }
    }

    func remove(at i: Int) {
        keys.remove(at: i)
        values.remove(at: i)
        if index != nil { rebuildIndex() }
    }

    private func rebuildIndex() {
        var built: [CELMapKey: Int] = [:]
        built.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { built[k] = i }
        index = built
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
