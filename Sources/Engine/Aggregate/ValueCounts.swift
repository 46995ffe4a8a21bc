/// How often each distinct value occurs in a window, for `distinct_count`, `histogram`,
/// `top_k` and `percentile`. Memory grows with distinct values, not with events.
///
/// The first ordered read (histogram, percentile) sorts the distinct values; from then on
/// that order is kept in step with every update by binary search, so a read after an update
/// costs O(distinct) instead of a sort. Histogram and top-k answers are cached until the
/// counts change: features are usually read more often than updated.
struct ValueCounts {
    private struct Entry {
        var value: CELValue
        var count: Int
        /// Sequence number of the latest occurrence, for top_k ties.
        var lastSeen: Int64
    }

    private var entries: [ValueKey: Entry] = [:]
    private(set) var total = 0
    /// Distinct values in value order with their counts, once an ordered read asked for it.
    private var ordered: [(value: CELValue, count: Int)]?
    private var histogramCache: CELValue?
    private var topKCache: (k: Int, value: CELValue)?

    var distinctCount: Int { entries.count }

    mutating func add(_ value: CELValue, sequence: Int64) {
        let key = ValueKey(value)
        // One hash per update: look the slot up once and mutate it in place.
        if let slot = entries.index(forKey: key) {
            entries.values[slot].count += 1
            entries.values[slot].lastSeen = sequence
        } else {
            entries[key] = Entry(value: value, count: 1, lastSeen: sequence)
        }
        total += 1
        if ordered != nil {
            let (i, found) = position(of: value)
            if found { ordered![i].count += 1 } else { ordered!.insert((value, 1), at: i) }
        }
        invalidate()
    }

    private mutating func invalidate() {
        histogramCache = nil
        topKCache = nil
    }

    /// Where `value` is or would go in `ordered`.
    private func position(of value: CELValue) -> (index: Int, found: Bool) {
        var (low, high) = (0, ordered!.count)
        while low < high {
            let mid = (low + high) / 2
            let c = CELValueOrder.compare(ordered![mid].value, value)
            if c == 0 { return (mid, true) }
            if c < 0 { low = mid + 1 } else { high = mid }
        }
        return (low, false)
    }

    /// Removes one occurrence; windows remove oldest first, so `lastSeen` stays right.
    mutating func remove(_ value: CELValue) {
        guard let slot = entries.index(forKey: ValueKey(value)) else { return }
        if entries.values[slot].count == 1 { entries.remove(at: slot) } else { entries.values[slot].count -= 1 }
        total -= 1
        if ordered != nil {
            let (i, _) = position(of: value)
            if ordered![i].count == 1 { ordered!.remove(at: i) } else { ordered![i].count -= 1 }
        }
        invalidate()
    }

    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        total = 0
        if ordered != nil { ordered!.removeAll(keepingCapacity: true) }
        invalidate()
    }

    private mutating func sorted() -> [(value: CELValue, count: Int)] {
        if let ordered { return ordered }
        let result = entries.values.map { (value: $0.value, count: $0.count) }
            .sorted { CELValueOrder.compare($0.value, $1.value) < 0 }
        ordered = result
        return result
    }

    /// Value → count, in value order.
    mutating func histogram() -> CELValue {
        if let histogramCache { return histogramCache }
        var map = CELMap()
        for (value, count) in sorted() {
            let key = HistogramKey.key(for: value)
            let previous: Int64 = if case .int(let n)? = map[key] { n } else { 0 }
            map[key] = .int(previous + Int64(count))
        }
        histogramCache = .map(map)
        return .map(map)
    }

    /// The k most frequent values, most frequent first, ties to the most recently seen.
    mutating func topK(_ k: Int) -> CELValue {
        if let topKCache, topKCache.k == k { return topKCache.value }
        let ranked = entries.values.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.lastSeen > $1.lastSeen
        }
        let result = CELValue.list(ranked.prefix(k).map(\.value))
        topKCache = (k, result)
        return result
    }

    /// Nearest rank: the smallest value with at least p% of all values at or below it.
    mutating func percentile(_ p: Double) -> CELValue {
        guard total > 0 else { return .null }
        let needed = p * Double(total)
        var atOrBelow = 0
        let values = sorted()
        for (value, count) in values {
            atOrBelow += count
            if Double(atOrBelow) * 100 >= needed { return value }
        }
        return values.last!.value
    }
}

/// CEL map keys are bool, int, uint or string: a histogram bucket is keyed like a `group_by`
/// value, and a value with no such key (a non-integral double, null, a list) by its text.
public enum HistogramKey {
    public static func key(for value: CELValue) -> CELMapKey {
        if let key = GroupKey.from(value) { return key }
        switch value {
        case .double(let d): return .string(String(d))
        case .null: return .string("null")
        default: return .string(String(describing: value))
        }
    }
}
