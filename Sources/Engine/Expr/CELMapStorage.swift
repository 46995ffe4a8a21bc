/// A map's keys (an array, shared by maps with the same keys in the same order), how many
/// values it holds and the hash index it gets once large.
struct CELMapHeader {
    var keys: [CELMapKey]
    var count: Int
    var capacity: Int
    var index: [CELMapKey: Int]?
}

/// The box behind a `CELMap`: the header and, in the same allocation, the values in
/// insertion order. A decoded event's params were a box plus a values array; now they are
/// one allocation. Growing makes a new box (`copy(minimumCapacity:)`), which `CELMap` does.
/// Mutated only while uniquely referenced (CELMap's copy-on-write), so `CELMap` is Sendable
/// (unchecked: the standard library marks `ManagedBuffer` as not Sendable).
final class CELMapStorage: ManagedBuffer<CELMapHeader, CELValue> {
    static let linearLimit = 8

    /// An empty box for `capacity` values; `keys` must be empty.
    static func make(keys: [CELMapKey], capacity: Int) -> CELMapStorage {
        let made = create(minimumCapacity: capacity) { _ in
            CELMapHeader(keys: keys, count: 0, capacity: capacity, index: nil)
        }
        return unsafeDowncast(made, to: CELMapStorage.self)
    }

    /// A box holding `keys` and a copy of `values` (one per key, no duplicate keys).
    static func make(keys: [CELMapKey], copying values: UnsafeBufferPointer<CELValue>) -> CELMapStorage {
        let storage = make(keys: [], capacity: values.count)
        storage.withUnsafeMutablePointers { header, elements in
            if let base = values.baseAddress { elements.initialize(from: base, count: values.count) }
            header.pointee.keys = keys
            header.pointee.count = values.count
        }
        if keys.count > linearLimit { storage.rebuildIndex() }
        return storage
    }

    deinit {
        withUnsafeMutablePointers { header, elements in
            _ = elements.deinitialize(count: header.pointee.count)
        }
    }

    /// A copy with room for at least `minimumCapacity` values.
    func copy(minimumCapacity: Int) -> CELMapStorage {
        let count = header.count
        let made = CELMapStorage.make(keys: [], capacity: Swift.max(count, minimumCapacity))
        made.withUnsafeMutablePointers { madeHeader, madeElements in
            withUnsafeMutablePointers { header, elements in
                madeElements.initialize(from: elements, count: count)
                madeHeader.pointee.keys = header.pointee.keys
                madeHeader.pointee.index = header.pointee.index
                madeHeader.pointee.count = count
            }
        }
        return made
    }

    @inline(__always)
    var count: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    @inline(__always)
    var isFull: Bool { withUnsafeMutablePointerToHeader { $0.pointee.count == $0.pointee.capacity } }

    @inline(__always)
    var valueCapacity: Int { withUnsafeMutablePointerToHeader { $0.pointee.capacity } }

    @inline(__always)
    var keys: [CELMapKey] { withUnsafeMutablePointerToHeader { $0.pointee.keys } }

    @inline(__always)
    func value(at i: Int) -> CELValue {
        withUnsafeMutablePointerToElements { $0[i] }
    }

    @inline(__always)
    func setValue(_ value: consuming CELValue, at i: Int) {
        elements[i] = value
    }

    /// The values' storage; valid while this box lives. Taken out of the closure so a
    /// consumed value moves in instead of being copied by the closure's capture.
    @inline(__always)
    private var elements: UnsafeMutablePointer<CELValue> { withUnsafeMutablePointerToElements { $0 } }

    @inline(__always)
    func position(of key: CELMapKey) -> Int? {
        withUnsafeMutablePointerToHeader { header in
            if let index = header.pointee.index { return index[key] }
            return header.pointee.keys.withUnsafeBufferPointer { keys in
                for i in keys.indices where keys[i] == key { return i }
                return nil
            }
        }
    }

    @inline(__always)
    func position(ofString key: String) -> Int? {
        withUnsafeMutablePointerToHeader { header in
            if let index = header.pointee.index { return index[.string(key)] }
            let length = key.utf8.count  // O(1); most keys differ in length, skipping String ==
            return header.pointee.keys.withUnsafeBufferPointer { keys in
                for i in keys.indices {
                    if case .string(let k) = keys[i], k.utf8.count == length, k == key { return i }
                }
                return nil
            }
        }
    }

    /// Appends a new key; there must be room (`count < capacity`).
    func append(_ key: CELMapKey, _ value: CELValue) {
        let needsIndex = withUnsafeMutablePointers { header, elements in
            precondition(header.pointee.count < header.pointee.capacity, "no room in the map's storage")
            (elements + header.pointee.count).initialize(to: value)
            header.pointee.keys.append(key)
            header.pointee.count += 1
            if header.pointee.index != nil {
                header.pointee.index![key] = header.pointee.count - 1
                return false
            }
            return header.pointee.count > Self.linearLimit
        }
        if needsIndex { rebuildIndex() }
    }

    /// Appends a value whose key is attached later (`attachKeys`); there must be room.
    @inline(__always)
    func appendValue(_ value: consuming CELValue) {
        let count = header.count
        precondition(count < header.capacity, "no room in the map's storage")
        (elements + count).initialize(to: value)
        header.count = count + 1
    }

    /// Sets the keys of values appended by `appendValue`: one per value, no duplicates.
    func attachKeys(_ keys: [CELMapKey]) {
        let count = header.count
        precondition(keys.count == count, "one key per value")
        header.keys = keys
        if count > Self.linearLimit { rebuildIndex() }
    }

    func remove(at i: Int) {
        let hadIndex = withUnsafeMutablePointers { header, elements in
            let count = header.pointee.count
            (elements + i).deinitialize(count: 1)
            (elements + i).moveInitialize(from: elements + i + 1, count: count - i - 1)
            header.pointee.keys.remove(at: i)
            header.pointee.count = count - 1
            return header.pointee.index != nil
        }
        if hadIndex { rebuildIndex() }
    }

    private func rebuildIndex() {
        var built: [CELMapKey: Int] = [:]
        let keys = header.keys
        built.reserveCapacity(keys.count)
        for (i, k) in keys.enumerated() { built[k] = i }
        header.index = built
    }
}
