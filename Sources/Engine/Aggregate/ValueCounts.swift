/// How often each distinct value occurs in a window, for `distinct_count`, `histogram`,
/// `top_k` and `percentile`. Memory grows with distinct values, not with events.
///
/// Each ordered view is built by the first read that needs it and from then on kept in step
/// with every update, so a read right after an update costs no sort and no rebuild. Keeping
/// a view in step moves entries (a distinct value joining the value order moves those after
/// it), so a view that `unreadViewLimit` changes went by without a read is dropped and the
/// next read rebuilds it: a `run` that reads once at the end no longer pays per event. Both
/// orders are total (ties broken by key text, by latest sequence), so a rebuilt view is the
/// one kept in step, whenever reads come.
/// - value order (histogram, percentile): binary-search insert of a new distinct value,
///   removal at zero;
/// - the histogram map: a count change rewrites its bucket by position; only a change of the
///   set of distinct values rebuilds it (at the next read);
/// - the top-k ranking (most frequent first, ties to the most recently seen): an update moves
///   one value to its new rank by binary search.
struct ValueCounts: Codable {
    private struct Entry: Codable {
        var value: CELValue
        /// The value's key text (`GroupKey`): what makes two values one.
        var text: String
        var count: Int
        /// Sequence number of the latest occurrence, for top_k ties.
        var lastSeen: Int64
    }

    private struct Ordered: Codable {
        var value: CELValue
        var count: Int
        /// Position of the value's bucket in `histogramMap` (valid while that map exists).
        var bucket = -1
    }

    private struct Ranked: Codable {
        var value: CELValue
        var count: Int
        var lastSeen: Int64
    }

    /// Each distinct value's slot in `slots`, by key text; a window remembers slots, so
    /// taking an occurrence back out needs no lookup (only a value's last occurrence leaving
    /// touches the index).
    private var index = ValueSlotIndex()
    /// The process's hash seed, read once here: read per hash, the lazy global cost a call.
    private let hashSeed = ValueSlotIndex.seed
    private var slots: [Entry] = []
    private var freeSlots: [Int32] = []
    private(set) var total = 0
    /// Distinct values in value order, once an ordered read asked for it.
    private var ordered: [Ordered]?
    /// Value → count in value order; dropped when a distinct value joins or leaves.
    private var histogramMap: CELMap?
    /// Distinct values by top_k rank, once a top_k read asked for it.
    private var ranking: [Ranked]?
    private var topKCache: (k: Int, value: CELValue)?
    /// Changes to each view since it was last read (see the type's comment).
    private var orderedChangesUnread = 0
    private var rankingChangesUnread = 0
    static let unreadViewLimit = 32
    // The views are kept as they are (rebuilding could order ties differently); the
    // top-k answer is recomputed on the next read. The index is rebuilt from the slots
    // (its hash is seeded per process).
    private enum CodingKeys: CodingKey { case slots, freeSlots, total, ordered, histogramMap, ranking }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        slots = try container.decode([Entry].self, forKey: .slots)
        freeSlots = try container.decode([Int32].self, forKey: .freeSlots)
        total = try container.decode(Int.self, forKey: .total)
        ordered = try container.decodeIfPresent([Ordered].self, forKey: .ordered)
        histogramMap = try container.decodeIfPresent(CELMap.self, forKey: .histogramMap)
        ranking = try container.decodeIfPresent([Ranked].self, forKey: .ranking)
        index.rebuild(liveSlots.map { ($0, ValueSlotIndex.hash(slots[Int($0)].text)) })
    }

    var distinctCount: Int { index.count }

    /// Slots holding a value (a freed slot's count is 0).
    private var liveSlots: [Int32] { slots.indices.filter { slots[$0].count > 0 }.map { Int32($0) } }

    /// Adds one occurrence; returns the value's slot, for `remove(slot:)`.
    @discardableResult
    mutating func add(_ value: CELValue, sequence: Int64) -> Int32 {
        let text = GroupKey.text(value) ?? "null"
        let hash = ValueSlotIndex.hash(text, seed: hashSeed)
        var previous: (count: Int, lastSeen: Int64)?
        let slot: Int32
        if let found = index.find(text, hash: hash, text: { slots[Int($0)].text }) {
            slot = found
            let s = Int(slot)
            if ranking != nil { previous = (slots[s].count, slots[s].lastSeen) }
            slots[s].count += 1
            slots[s].lastSeen = sequence
        } else {
            let entry = Entry(value: value, text: text, count: 1, lastSeen: sequence)
            if let free = freeSlots.popLast() {
                slot = free
                slots[Int(free)] = entry
            } else {
                slot = Int32(slots.count)
                slots.append(entry)
            }
            index.insert(slot, hash: hash)
        }
        total += 1
        if ordered != nil {
            // The entry's own value: `"1"` joins the entry `1` began.
            let (i, found) = position(of: slots[Int(slot)].value)
            if found {
                ordered![i].count += 1
                bumpBucket(ordered![i].bucket, by: 1)
            } else {
                ordered!.insert(Ordered(value: value, count: 1), at: i)
                histogramMap = nil
                orderedChanged()
            }
        }
        if ranking != nil {
            // The newest occurrence ranks first among values of its count.
            if let previous {
                // Its new rank is at or before its old one: only the values between move.
                let i = rank(of: previous, in: 0..<ranking!.count)
                ranking![i].count += 1
                ranking![i].lastSeen = sequence
                ranking!.moveElement(from: i, to: rank(of: (previous.count + 1, sequence), in: 0..<i))
            } else {
                let moved = Ranked(value: value, count: 1, lastSeen: sequence)
                ranking!.insert(moved, at: rank(of: (1, sequence), in: 0..<ranking!.count))
            }
            rankingChanged()
        }
        if topKCache != nil { topKCache = nil }  // a store would destroy the old value first
        return slot
    }

    /// Removes one occurrence of the value in `slot` (from `add`); windows remove oldest
    /// first, so `lastSeen` stays right.
    mutating func remove(slot: Int32) {
        let s = Int(slot)
        let value = slots[s].value
        let previous = (count: slots[s].count, lastSeen: slots[s].lastSeen)
        if previous.count == 1 {
            index.remove(slot)
            slots[s] = Entry(value: .null, text: "", count: 0, lastSeen: 0)  // releases the value
            freeSlots.append(slot)
        } else {
            slots[s].count -= 1
        }
        total -= 1
        if ordered != nil {
            let (i, _) = position(of: value)
            if ordered![i].count == 1 {
                ordered!.remove(at: i)
                histogramMap = nil
                orderedChanged()
            } else {
                ordered![i].count -= 1
                bumpBucket(ordered![i].bucket, by: -1)
            }
        }
        if ranking != nil {
            let i = rank(of: previous, in: 0..<ranking!.count)
            if previous.count > 1 {
                // Its new rank is at or after its old one: only the values between move.
                ranking![i].count -= 1
                let after = rank(of: (previous.count - 1, previous.lastSeen), in: (i + 1)..<ranking!.count)
                ranking!.moveElement(from: i, to: after - 1)
            } else {
                ranking!.remove(at: i)
            }
            rankingChanged()
        }
        topKCache = nil
    }

    /// A distinct value joined or left the value order: past the limit unread, it is dropped.
    private mutating func orderedChanged() {
        orderedChangesUnread += 1
        if orderedChangesUnread > Self.unreadViewLimit {
            ordered = nil
        }
    }

    private mutating func rankingChanged() {
        rankingChangesUnread += 1
        if rankingChangesUnread > Self.unreadViewLimit { ranking = nil }
    }

    mutating func removeAll() {
        index.removeAll()
        slots.removeAll(keepingCapacity: true)
        freeSlots.removeAll(keepingCapacity: true)
        total = 0
        if ordered != nil { ordered!.removeAll(keepingCapacity: true) }
        histogramMap = nil
        if ranking != nil { ranking!.removeAll(keepingCapacity: true) }
        topKCache = nil
        (orderedChangesUnread, rankingChangesUnread) = (0, 0)
    }

    /// Where `value` is or would go in `ordered`.
    private func position(of value: CELValue) -> (index: Int, found: Bool) {
        var (low, high) = (0, ordered!.count)
        while low < high {
            let mid = (low + high) / 2
            let c = Self.compare(ordered![mid].value, value)
            if c == 0 { return (mid, true) }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }

    /// Value order, then key text: distinct entries (`1` and `1.0` are two) never tie.
    private static func compare(_ a: CELValue, _ b: CELValue) -> Int {
        let c = CELValueOrder.compare(a, b)
        if c != 0 { return c }
        let (x, y) = (ValueKey(a).text, ValueKey(b).text)
        return x == y ? 0 : (x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : 1)
    }

    /// The first index in `range` of `ranking` whose value does not rank before one with
    /// `key`; that value's own index when it is ranked (count and lastSeen identify it).
    private func rank(of key: (count: Int, lastSeen: Int64), in range: Range<Int>) -> Int {
        var (low, high) = (range.lowerBound, range.upperBound)
        while low < high {
            let mid = (low + high) / 2
            let r = ranking![mid]
            if r.count > key.count || (r.count == key.count && r.lastSeen > key.lastSeen) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private mutating func bumpBucket(_ bucket: Int, by delta: Int64) {
        guard histogramMap != nil, case .int(let n) = histogramMap!.value(atPosition: bucket) else { return }
        histogramMap!.setValue(.int(n + delta), atPosition: bucket)
    }

    private mutating func sortedValues() {
        guard ordered == nil else { return }
        ordered = liveSlots.map { Ordered(value: slots[Int($0)].value, count: slots[Int($0)].count) }
            .sorted { Self.compare($0.value, $1.value) < 0 }
    }

    /// Value → count, in value order.
    mutating func histogram() -> CELValue {
        orderedChangesUnread = 0
        if let histogramMap { return .map(histogramMap) }
        sortedValues()
        var map = CELMap(reservingCapacity: ordered!.count)
        for i in ordered!.indices {
            // Values without a map key of their own may share a bucket (`1.5` and `"1.5"`).
            let key = HistogramKey.key(for: ordered![i].value)
            let count = Int64(ordered![i].count)
            if let bucket = map.position(of: key), case .int(let n) = map.value(atPosition: bucket) {
                map.setValue(.int(n + count), atPosition: bucket)
                ordered![i].bucket = bucket
            } else {
                ordered![i].bucket = map.count
                map[key] = .int(count)
            }
        }
        histogramMap = map
        return .map(map)
    }

    /// The k most frequent values, most frequent first, ties to the most recently seen.
    mutating func topK(_ k: Int) -> CELValue {
        rankingChangesUnread = 0
        if let topKCache, topKCache.k == k { return topKCache.value }
        if ranking == nil {
            ranking = liveSlots.map { Ranked(value: slots[Int($0)].value, count: slots[Int($0)].count, lastSeen: slots[Int($0)].lastSeen) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.lastSeen > $1.lastSeen }
        }
        let result = CELValue.list(ranking!.prefix(k).map(\.value))
        topKCache = (k, result)
        return result
    }

    /// Nearest rank: the smallest value with at least p% of all values at or below it.
    mutating func percentile(_ p: Double) -> CELValue {
        orderedChangesUnread = 0
        guard total > 0 else { return .null }
        let needed = p * Double(total)
        var atOrBelow = 0
        sortedValues()
        for entry in ordered! {
            atOrBelow += entry.count
            if Double(atOrBelow) * 100 >= needed { return entry.value }
        }
        return ordered!.last!.value
    }
}

/// A histogram bucket is keyed like a `group_by` value: by the value's key text.
public enum HistogramKey {
    public static func key(for value: CELValue) -> CELMapKey {
        GroupKey.from(value) ?? .string("null")  // null is left out before it is counted
    }
}
