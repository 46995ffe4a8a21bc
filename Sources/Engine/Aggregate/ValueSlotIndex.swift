/// Key text → slot, for `ValueCounts`: open addressing with linear probing over a seeded
/// FNV-1a hash of the text's UTF-8 bytes. A `Dictionary` keyed by `ValueKey` hashed every
/// counted value with a fresh SipHash hasher, which cost more than the whole probe here. The
/// seed is random per process, so no data can be written to fall into one chain everywhere.
///
/// A cell packs the hash's high 32 bits above the slot (empty: `.max`), so a probe compares
/// texts only when those bits agree, and a removal shifts cells back without rehashing.
struct ValueSlotIndex {
    private var cells: [UInt64] = []
    private(set) var count = 0

    private static let empty = UInt64.max
    static let seed = UInt64.random(in: 1...UInt64.max)

    static func hash(_ text: String) -> UInt64 { hash(text, seed: seed) }

    @inline(__always)
    static func hash(_ text: String, seed: UInt64) -> UInt64 {
        // Contiguous for every native string; the fallback walks the same bytes.
        if let h = text.utf8.withContiguousStorageIfAvailable({ bytes -> UInt64 in
            var h = 0xcbf2_9ce4_8422_2325 ^ seed
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h ^ (h >> 29)
        }) { return h }
        var h = 0xcbf2_9ce4_8422_2325 ^ seed
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The slot whose text (`text(slot)`) equals `key`, with hash `h`.
    @inline(__always)
    func find(_ key: String, hash h: UInt64, text: (Int32) -> String) -> Int32? {
        guard count > 0 else { return nil }
        let mask = cells.count - 1
        let tag = h >> 32
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let cell = cells[i]
            if cell == Self.empty { return nil }
            if cell >> 32 == tag {
                let slot = Int32(truncatingIfNeeded: cell & 0xffff_ffff)
                if text(slot) == key { return slot }
            }
            i = (i + 1) & mask
        }
    }

    /// Adds `slot` for a text not in the index, with hash `h`.
    mutating func insert(_ slot: Int32, hash h: UInt64) {
        if (count + 1) * 2 > cells.count { grow() }
        place(slot, hash: h)
        count += 1
    }

    /// Removes the cell of `slot`.
    mutating func remove(_ slot: Int32) {
        let mask = cells.count - 1
        var i = Int(homes[Int(slot)]) & mask
        while cells[i] & 0xffff_ffff != UInt64(UInt32(bitPattern: slot)) { i = (i + 1) & mask }
        // Backward shift: later cells of the run move up when their home allows it.
        var j = i
        while true {
            j = (j + 1) & mask
            let cell = cells[j]
            if cell == Self.empty { break }
            let home = Int(truncatingIfNeeded: rehome(cell)) & mask
            // The cell may move to i when i lies cyclically in home...j.
            let movable = i <= j ? (home <= i || home > j) : (home <= i && home > j)
            if movable {
                cells[i] = cell
                i = j
            }
        }
        cells[i] = Self.empty
        count -= 1
    }

    mutating func removeAll() {
        if count > 0 { cells.withUnsafeMutableBufferPointer { $0.update(repeating: Self.empty) } }
        count = 0
    }

    /// Rebuilds the index from every slot's hash (after a restore).
    mutating func rebuild(_ slots: [(slot: Int32, hash: UInt64)]) {
        var size = 8
        while size < slots.count * 2 { size *= 2 }
        cells = Array(repeating: Self.empty, count: size)
        count = 0
        for (slot, h) in slots {
            place(slot, hash: h)
            count += 1
        }
    }

    /// The low bits of a cell's hash that pick its home (the cell keeps the high 32 bits, and
    /// the home is taken from the low ones): stored beside the slot below.
    private var homes: [UInt32] = []

    private func rehome(_ cell: UInt64) -> UInt64 {
        UInt64(homes[Int(cell & 0xffff_ffff)])
    }

    private mutating func place(_ slot: Int32, hash h: UInt64) {
        let s = Int(slot)
        if s >= homes.count { homes.append(contentsOf: repeatElement(0, count: s - homes.count + 1)) }
        homes[s] = UInt32(truncatingIfNeeded: h)
        let mask = cells.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while cells[i] != Self.empty { i = (i + 1) & mask }
        cells[i] = (h >> 32) << 32 | UInt64(UInt32(bitPattern: slot))
    }

    private mutating func grow() {
        let old = cells
        cells = Array(repeating: Self.empty, count: max(8, old.count * 2))
        let mask = cells.count - 1
        for cell in old where cell != Self.empty {
            var i = Int(truncatingIfNeeded: rehome(cell)) & mask
            while cells[i] != Self.empty { i = (i + 1) & mask }
            cells[i] = cell
        }
    }
}
