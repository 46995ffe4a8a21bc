/// Event type names → small integers, for the one lookup every event pays. A `Dictionary`
/// hashes the name with SipHash (a few hundred instructions for a short name); here a
/// multiplicative hash of the UTF-8 bytes picks a slot in an open-addressed table and `==`
/// confirms it, so an unknown type still gets `missing`.
struct TypeIndex: Sendable {
    private let names: [String?]
    private let ids: [Int]
    private let mask: Int
    /// The id of any type not in the table.
    let missing: Int

    init(_ ids: [String: Int]) {
        missing = ids.count
        var size = 8
        while size < ids.count * 4 { size *= 2 }
        mask = size - 1
        var names = [String?](repeating: nil, count: size)
        var values = [Int](repeating: 0, count: size)
        for (name, id) in ids {
            var i = Self.hash(name) & (size - 1)
            while names[i] != nil { i = (i + 1) & (size - 1) }
            names[i] = name
            values[i] = id
        }
        self.names = names
        self.ids = values
    }

    @inline(__always)
    static func hash(_ name: String) -> Int {
        // Contiguous for every native string (small ones are copied to the stack); the
        // fallback walks the same bytes, so both give the same hash.
        if let h = name.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h
        }) {
            return Int(truncatingIfNeeded: h ^ (h >> 29))
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    func id(of name: String) -> Int {
        var i = Self.hash(name) & mask
        while let stored = names[i] {
            if stored == name { return ids[i] }
            i = (i + 1) & mask
        }
        return missing
    }
}
