/// `group_by` keys and their windows, bounded by `max_keys` (the least recently updated key
/// is evicted) and by `ttl` (a key not updated for `ttl` is dropped).
///
/// Slots live in one array threaded by an intrusive doubly linked list in update order,
/// so lookup, touch, eviction and expiry are all O(1) with no per-update allocation.
struct KeyedSummaryTable: Codable {
    private struct Slot: Codable {
        var key: CELMapKey
        var summary: WindowedSummary
        var newer: Int32 = -1
        var older: Int32 = -1
    }

    let maxKeys: Int
    private var slots: [Slot] = []
    private var freeSlots: [Int32] = []
    private var index: [CELMapKey: Int32] = [:]
    /// Most and least recently updated slots (-1: none).
    private var newest: Int32 = -1
    private var oldest: Int32 = -1
    /// Live keys in value order with their slots, until a key joins or leaves.
    private var keyOrderCache: [(key: CELMapKey, slot: Int)]?
    private(set) var evictions = 0
    private(set) var expirations = 0
    // The key order cache is rebuilt on the first read after a restore.
    private enum CodingKeys: CodingKey { case maxKeys, slots, freeSlots, index, newest, oldest, evictions, expirations }

    init(maxKeys: Int) { self.maxKeys = max(1, maxKeys) }

    var count: Int { index.count }

    /// The slot of `key`, created if needed, moved to most recently updated.
    mutating func touch(_ key: CELMapKey, makeSummary: () -> WindowedSummary) -> Int {
        if let found = index[key] {
            moveToNewest(found)
            return Int(found)
        }
        if index.count >= maxKeys {
            remove(oldest)
            evictions += 1
        }
        let slot = Slot(key: key, summary: makeSummary())
        let s: Int32
        if let free = freeSlots.popLast() {
            s = free
            slots[Int(s)] = slot
        } else {
            s = Int32(slots.count)
            slots.append(slot)
        }
        index[key] = s
        keyOrderCache = nil
        linkAsNewest(s)
        return Int(s)
    }

    func slot(of key: CELMapKey) -> Int? { index[key].map(Int.init) }

    /// Drops keys last updated at or before `cutoff` (idle for at least `ttl`).
    mutating func expire(updatedAtOrBefore cutoff: Int64) {
        while oldest >= 0, slots[Int(oldest)].summary.lastUpdate <= cutoff {
            remove(oldest)
            expirations += 1
        }
    }

    subscript(slot: Int) -> WindowedSummary {
        get { slots[slot].summary }
        _modify { yield &slots[slot].summary }
    }

    /// Live slots with their keys, keys in value order (sorted once per change of key set).
    mutating func slotsInKeyOrder() -> [(key: CELMapKey, slot: Int)] {
        if let keyOrderCache { return keyOrderCache }
        let ordered = index.map { (key: $0.key, slot: Int($0.value)) }
            .sorted { CELValueOrder.compare($0.key.value, $1.key.value) < 0 }
        keyOrderCache = ordered
        return ordered
    }

    var storedItems: Int { index.values.reduce(0) { $0 + slots[Int($1)].summary.storedItems } }

    private mutating func remove(_ s: Int32) {
        unlink(s)
        index[slots[Int(s)].key] = nil
        keyOrderCache = nil
        // Release the window's memory now; the slot is reused by the next new key.
        slots[Int(s)].summary = WindowedSummary(channels: [], rule: .lifetime)
        freeSlots.append(s)
    }

    private mutating func moveToNewest(_ s: Int32) {
        guard newest != s else { return }
        unlink(s)
        linkAsNewest(s)
    }

    private mutating func linkAsNewest(_ s: Int32) {
        slots[Int(s)].older = newest
        slots[Int(s)].newer = -1
        if newest >= 0 { slots[Int(newest)].newer = s } else { oldest = s }
        newest = s
    }

    private mutating func unlink(_ s: Int32) {
        let (newer, older) = (slots[Int(s)].newer, slots[Int(s)].older)
        if newer >= 0 { slots[Int(newer)].older = older } else { newest = older }
        if older >= 0 { slots[Int(older)].newer = newer } else { oldest = newer }
    }
}
