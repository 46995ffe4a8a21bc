/// Strings that recur on almost every event line (event types, page names, param keys) made
/// once and then found by their bytes: a line's `"click"` costs a hash and a compare instead
/// of UTF-8 validation and, past 15 bytes, an allocation. Bounded, so unique values (ids)
/// that happen to be looked up cannot grow it without limit: once full it only finds.
///
/// The bytes handed in must already be valid UTF-8 (the decoder checks each line first).
struct ByteStringInterner: Sendable {
    /// Slots of the open-addressed table: 0 is empty, else the entry's index + 1.
    private var slots: [Int32] = []
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private(set) var strings: [String] = []

    private struct Entry {
        var hash: UInt64
        /// Where the entry's bytes are in `arena`.
        var start: Int32
        var count: Int32
    }

    /// At most this many entries (a quarter of the slots, so probes stay short).
    static let capacity = 1024
    /// Longer strings are not interned: they are rarely names, and hashing them costs more.
    static let maxLength = 64

    init() {}

    var count: Int { strings.count }

    /// The id of the string with these bytes, interning it if there is room; nil when the
    /// bytes are too long or the table is full and they are not in it.
    @inline(__always)
    mutating func id(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count <= Self.maxLength else { return nil }
        if slots.isEmpty { slots = [Int32](repeating: 0, count: Self.capacity * 4) }
        let hash = Self.hash(bytes)
        let found = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    Self.find(hash, bytes, slots, entries, arena)
                }
            }
        }
        if found.entry >= 0 { return found.entry }
        guard strings.count < Self.capacity else { return nil }
        let entry = strings.count
        slots[found.slot] = Int32(entry + 1)
        entries.append(Entry(hash: hash, start: Int32(arena.count), count: Int32(bytes.count)))
        arena.append(contentsOf: bytes)
        strings.append(String(decoding: bytes, as: UTF8.self))
        return entry
    }

    /// The id of these bytes, tried first as `hint` (the id the same place held on the last
    /// line: events in a row repeat their type, page and keys), which costs one compare of
    /// the bytes instead of a hash and a probe; else as `id(of:)`.
    @inline(__always)
    mutating func id(of bytes: UnsafeBufferPointer<UInt8>, hint: Int32) -> Int? {
        if hint >= 0, Int(hint) < entries.count, matches(Int(hint), bytes) { return Int(hint) }
        return id(of: bytes)
    }

    @inline(__always)
    private func matches(_ entry: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        entries.withUnsafeBufferPointer { entries in
            let candidate = entries[entry]
            guard Int(candidate.count) == bytes.count else { return false }
            return arena.withUnsafeBufferPointer { arena in
                let start = Int(candidate.start)
                for i in 0..<bytes.count where arena[start + i] != bytes[i] { return false }
                return true
            }
        }
    }

    /// The entry with these bytes (or -1) and the slot where the probe ended.
    @inline(__always)
    private static func find(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>, _ slots: UnsafeBufferPointer<Int32>,
                             _ entries: UnsafeBufferPointer<Entry>, _ arena: UnsafeBufferPointer<UInt8>) -> (entry: Int, slot: Int) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { return (-1, slot) }
            let candidate = entries[entry]
            if candidate.hash == hash, Int(candidate.count) == bytes.count {
                var same = true
                var i = 0
                let start = Int(candidate.start)
                while i < bytes.count {
                    if arena[start + i] != bytes[i] { same = false; break }
                    i += 1
                }
                if same { return (entry, slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The string for these bytes: interned when it can be, else made afresh.
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if let id = id(of: bytes) { return strings[id] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// FxHash-style: eight bytes at a time, then the rest, mixed with the length.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let seed: UInt64 = 0x51_7c_c1_b7_27_22_0a_95
        var hash = UInt64(bytes.count) &* seed
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            hash = (hash.rotatedLeft(5) ^ word) &* seed
            i += 8
        }
        if i < bytes.count {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < bytes.count {
                word |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            hash = (hash.rotatedLeft(5) ^ word) &* seed
        }
        return hash ^ (hash >> 29)
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(_ n: UInt64) -> UInt64 { self << n | self >> (64 - n) }
}
