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
/// The box carries the values in its own allocation and points at a keys array that maps
/// with the same keys in the same order share (decoded events), so a map is one allocation.
public struct CELMap: @unchecked Sendable {  // see CELMapStorage
    private var storage: CELMapStorage

    public init() { storage = CELMapStorage.make(keys: [], capacity: 0) }

    /// An empty map with room for `capacity` entries.
    public init(reservingCapacity capacity: Int) {
        var keys: [CELMapKey] = []
        keys.reserveCapacity(capacity)
        storage = CELMapStorage.make(keys: keys, capacity: capacity)
    }

    /// Takes both arrays as the map's storage, in one step; `keys` must hold no duplicates.
    init(uniqueKeys keys: [CELMapKey], values: [CELValue]) {
        precondition(keys.count == values.count, "one value per key")
        storage = values.withUnsafeBufferPointer { CELMapStorage.make(keys: keys, copying: $0) }
    }

    /// A map being built by a decoder: values first (`appendPendingValue`), then the keys
    /// in one step (`attachKeys`), so the values go straight into the map's one allocation.
    /// Until then `keys` is shorter than `values`; only the builder may look at it.
    init(pendingValueCapacity capacity: Int) {
        storage = CELMapStorage.make(keys: [], capacity: capacity)
    }

    @inline(__always)
    mutating func appendPendingValue(_ value: consuming CELValue) {
        makeRoomForOneMore()
        storage.appendValue(value)
    }

    /// A full box is replaced by one twice its size (its owner holds it uniquely).
    @inline(__always)
    private mutating func makeRoomForOneMore() {
        if storage.isFull { storage = storage.copy(minimumCapacity: Swift.max(4, storage.valueCapacity * 2)) }
    }

    /// Ends building: `keys` has one key per value appended, no duplicates.
    mutating func attachKeys(_ keys: [CELMapKey]) {
        storage.attachKeys(keys)
    }

    public init(_ pairs: [(CELMapKey, CELValue)]) {
        self.init(reservingCapacity: pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var keys: [CELMapKey] { storage.keys }
    /// The values in insertion order, read in place.
    public var values: CELMapValues { CELMapValues(storage: storage) }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.count == 0 }

    public subscript(key: CELMapKey) -> CELValue? {
        get { storage.position(of: key).map { storage.value(at: $0) } }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(minimumCapacity: 0) }
            if let i = storage.position(of: key) {
                if let newValue { storage.setValue(newValue, at: i) } else { storage.remove(at: i) }
            } else if let newValue {
                makeRoomForOneMore()
                storage.append(key, newValue)
            }
        }
    }

    public subscript(string key: String) -> CELValue? {
        storage.position(ofString: key).map { storage.value(at: $0) }
    }

    /// Where `key` is in insertion order, for callers that then update by position.
    func position(of key: CELMapKey) -> Int? { storage.position(of: key) }

    /// The value at a position in insertion order.
    func value(atPosition i: Int) -> CELValue { storage.value(at: i) }

    /// Replaces the value at a position: no key lookup (a histogram bumping a count).
    mutating func setValue(_ value: consuming CELValue, atPosition i: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(minimumCapacity: 0) }
        storage.setValue(value, at: i)
    }
}

/// A map's values in insertion order, read from its storage without copying them out.
public struct CELMapValues: RandomAccessCollection, @unchecked Sendable {
    fileprivate let storage: CELMapStorage
    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    public subscript(i: Int) -> CELValue {
        precondition(i >= 0 && i < endIndex, "map value index out of range")
        return storage.value(at: i)
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
