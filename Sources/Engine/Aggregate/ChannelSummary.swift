import DequeModule

/// Everything one value channel keeps for one key of one window.
///
/// Events are numbered by a sequence; the window holds sequences `windowStart..<next`.
/// Expiring windows keep the window's values (aligned with those sequences) only when an
/// operator must take a value back out (sums, counts, first); min/max use monotonic deques
/// and last/last_k a ring of the newest values. Error values (a failed `value:` expression)
/// occupy their slot but are skipped by every reader.
struct ChannelSummary: Codable {
    let needs: ValueNeeds
    let expiring: Bool
    let keepsWindowValues: Bool
    /// Expiring windows with value counts keep each event's count slot (-1 for an error),
    /// so an expired event is taken out of the counts without hashing its value again.
    let keepsCountSlots: Bool

    private var windowValues: Deque<CELValue> = []
    private var countSlots: Deque<Int32> = []
    private var moments: NumericMoments
    private var counts = ValueCounts()
    private var slidingMin = MonotonicExtremum(direction: -1)
    private var slidingMax = MonotonicExtremum(direction: 1)
    private var runningMin = RunningExtremum(direction: -1)
    private var runningMax = RunningExtremum(direction: 1)
    private var head: [CELValue] = []
    private var tail: Deque<SequencedValue> = []

    init(needs: ValueNeeds, expiring: Bool) {
        self.needs = needs
        self.expiring = expiring
        self.keepsWindowValues = expiring && (needs.moments || needs.firstK > 0)
        self.keepsCountSlots = expiring && needs.counts
        self.moments = NumericMoments(tracksSpread: needs.spread)
    }

    /// `add` for an integer: its own copy of `add`, where every store of the value is known
    /// to need no reference counting. (Doubles get the same by `add` being inlined into the
    /// window's loop; the inliner does not take a second copy there.)
    @inline(never)
    mutating func add(int n: Int64, sequence: Int64) { add(.int(n), sequence: sequence) }

    // Inlined into the window's arms for numbers, where the value's case is known and its
    // copies into the channel's stores need no reference counting.
    @inline(__always)
    mutating func add(_ value: CELValue, sequence: Int64) {
        if keepsWindowValues { windowValues.append(value) }
        if case .error = value {
            if keepsCountSlots { countSlots.append(-1) }
            return
        }
        if needs.moments { moments.add(value) }
        if needs.counts {
            let slot = counts.add(value, sequence: sequence)
            if keepsCountSlots { countSlots.append(slot) }
        }
        if needs.minimum { expiring ? slidingMin.add(value, sequence: sequence) : runningMin.add(value) }
        if needs.maximum { expiring ? slidingMax.add(value, sequence: sequence) : runningMax.add(value) }
        if needs.firstK > 0, !keepsWindowValues, head.count < needs.firstK { head.append(value) }
        if needs.lastK > 0, !keepsWindowValues {
            let entry = SequencedValue(sequence: sequence, value: value)
            // `last` keeps one value: overwritten in place, where an append and a removal
            // each checked the deque's uniqueness and computed a slot.
            if needs.lastK == 1, !tail.isEmpty {
                tail[tail.startIndex] = entry
            } else {
                tail.append(entry)
                if tail.count > needs.lastK { tail.removeFirst() }
            }
        }
    }

    /// Takes `removed` oldest events out of an expiring window now starting at `newStart`.
    mutating func expire(removed: Int, newStart: Int64) {
        if keepsWindowValues {
            for _ in 0..<removed {
                let value = windowValues.removeFirst()
                if case .error = value { continue }
                if needs.moments { moments.remove(value) }
            }
            if needs.moments, moments.shouldRecompute { moments.recompute(from: windowValues) }
        }
        if keepsCountSlots {
            for _ in 0..<removed {
                let slot = countSlots.removeFirst()
                if slot >= 0 { counts.remove(slot: slot) }
            }
        }
        if needs.minimum { slidingMin.expire(before: newStart) }
        if needs.maximum { slidingMax.expire(before: newStart) }
    }

    mutating func reset() {
        windowValues.removeAll(keepingCapacity: true)
        countSlots.removeAll(keepingCapacity: true)
        moments = NumericMoments(tracksSpread: needs.spread)
        counts.removeAll()
        slidingMin.removeAll()
        slidingMax.removeAll()
        runningMin.removeAll()
        runningMax.removeAll()
        head.removeAll(keepingCapacity: true)
        tail.removeAll(keepingCapacity: true)
    }

    /// The operator's value over a non-empty window starting at sequence `windowStart`.
    mutating func read(_ op: AggregationOperator, windowStart: Int64) -> CELValue {
        // The shift can go stale between removals too (a value arrives after the last one left).
        if keepsWindowValues, needs.moments, moments.shouldRecompute { moments.recompute(from: windowValues) }
        return switch op {
        case .count: .null  // answered by the window, not the channel
        case .sum: moments.sum
        case .avg: moments.average
        case .stddev: moments.standardDeviation
        case .min: expiring ? slidingMin.value : runningMin.value
        case .max: expiring ? slidingMax.value : runningMax.value
        case .distinctCount: .int(Int64(counts.distinctCount))
        case .histogram: counts.histogram()
        case .topK(let k): counts.topK(k)
        case .percentile(let p): counts.percentile(p)
        case .first: oldest(1, windowStart: windowStart).first ?? .null
        case .firstK(let k): .list(oldest(k, windowStart: windowStart))
        case .last: newest(1, windowStart: windowStart).first ?? .null
        case .lastK(let k): .list(newest(k, windowStart: windowStart))
        }
    }

    private func oldest(_ k: Int, windowStart: Int64) -> [CELValue] {
        guard keepsWindowValues else { return Array(head.prefix(k)) }
        var result: [CELValue] = []
        for value in windowValues {
            if case .error = value { continue }
            result.append(value)
            if result.count == k { break }
        }
        return result
    }

    /// The newest k values, oldest first.
    private func newest(_ k: Int, windowStart: Int64) -> [CELValue] {
        var result: [CELValue] = []
        if keepsWindowValues {
            for value in windowValues.reversed() {
                if case .error = value { continue }
                result.append(value)
                if result.count == k { break }
            }
        } else {
            for entry in tail.reversed() where entry.sequence >= windowStart {
                result.append(entry.value)
                if result.count == k { break }
            }
        }
        return result.reversed()
    }

    /// Values held right now, for memory reports.
    var storedValues: Int {
        max(windowValues.count, countSlots.count) + slidingMin.count + slidingMax.count + head.count + tail.count + counts.distinctCount
    }
}
