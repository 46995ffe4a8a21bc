import DequeModule

/// One key's window: which events are in it and each value channel's summary of them.
///
/// Events get consecutive sequence numbers; the window is `windowStart..<nextSequence`, so
/// the event count needs no storage. Sliding windows keep the timestamps of the events in
/// the window (8 bytes each) to know when they leave; last-N windows expire by sequence;
/// tumbling and scope windows reset when their epoch (bucket start, scope node) changes.
struct WindowedSummary: Codable {
    private var timestamps: Deque<Int64> = []
    private(set) var windowStart: Int64 = 0
    private(set) var nextSequence: Int64 = 0
    private var epoch: Int64 = .min
    private(set) var lastUpdate: Int64 = .min
    private var channels: [ChannelSummary]

    init(channels needs: [ValueNeeds], rule: WindowRule) {
        channels = needs.map { ChannelSummary(needs: $0, expiring: rule.expiresEvents) }
    }

    var count: Int { Int(nextSequence - windowStart) }

    /// Adds an event; `values[i]` is channel i's value. Timestamps must not decrease.
    mutating func add(ts: Int64, values: ChannelValues, rule: WindowRule, epoch current: Int64) {
        assert(ts >= lastUpdate, "events must reach a state in ts order")
        switch rule {
        case .sliding(let d):
            expire(through: ts.minusSaturating(d))
            timestamps.append(ts)
        case .lastN, .lifetime:
            break
        case .tumbling, .scope:
            if current != epoch { reset(epoch: current) }
        }
        let sequence = nextSequence
        // One uniqueness check of the channel list per event, not one per channel. Not for no
        // channels: an empty array is shared, and would be copied on every event.
        if !channels.isEmpty {
            channels.withUnsafeMutableBufferPointer { channels in
                for i in channels.indices {
                    guard values.isTaken(i) else {
                        channels[i].add(SharedAggregationState.leftOut, sequence: sequence)
                        continue
                    }
                    // Numbers, most channels' values, are handed on rebuilt from their payload:
                    // known to need no reference counting, they skip the generic copy and
                    // destroy of a value read from memory.
                    switch values[i] {
                    case .double(let d): channels[i].add(.double(d), sequence: sequence)
                    case .int(let n): channels[i].add(int: n, sequence: sequence)
                    default: channels[i].add(values[i], sequence: sequence)
                    }
                }
            }
        }
        nextSequence += 1
        lastUpdate = ts
        if case .lastN(let n) = rule, count > n { expire(to: nextSequence - Int64(n)) }
    }

    /// Brings the window to time `t`; false when it holds nothing at `t`.
    mutating func advance(to t: Int64, rule: WindowRule, epoch current: Int64) -> Bool {
        switch rule {
        case .sliding(let d): expire(through: t.minusSaturating(d))
        case .tumbling, .scope: if current != epoch { return false }
        case .lastN, .lifetime: break
        }
        return count > 0
    }

    mutating func read(_ op: AggregationOperator, channel: Int) -> CELValue {
        channels[channel].read(op, windowStart: windowStart)
    }

    /// Drops sliding-window events with `ts <= cutoff`.
    private mutating func expire(through cutoff: Int64) {
        var removed = 0
        while let first = timestamps.first, first <= cutoff {
            timestamps.removeFirst()
            removed += 1
        }
        if removed > 0 { expire(to: windowStart + Int64(removed)) }
    }

    private mutating func expire(to newStart: Int64) {
        let removed = Int(newStart - windowStart)
        windowStart = newStart
        for i in channels.indices { channels[i].expire(removed: removed, newStart: newStart) }
    }

    mutating func reset(epoch newEpoch: Int64) {
        epoch = newEpoch
        timestamps.removeAll(keepingCapacity: true)
        windowStart = nextSequence
        for i in channels.indices { channels[i].reset() }
    }

    /// Timestamps and values held right now, for memory reports.
    var storedItems: Int { timestamps.count + channels.reduce(0) { $0 + $1.storedValues } }
}

/// One event's value of each channel, read where the pipeline computed it: channel c's is
/// `values[numbers[c]]`; `numbersOnly[c]` says whether the channel leaves out non-numbers.
struct ChannelValues {
    let values: UnsafePointer<CELValue>
    let numbers: UnsafePointer<Int32>
    let numbersOnly: UnsafePointer<Bool>

    @inline(__always)
    subscript(c: Int) -> CELValue {
        unsafeAddress { values + Int(numbers[c]) }
    }

    /// Whether channel c takes its value (null, errors and non-numbers where only numbers
    /// count are left out, SPEC §4).
    @inline(__always)
    func isTaken(_ c: Int) -> Bool { SharedAggregationState.isTaken(self[c], numbersOnly: numbersOnly[c]) }
}
