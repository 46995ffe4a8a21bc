import DequeModule

/// The minimum (or maximum) of an expiring window in amortised O(1): a deque of the values
/// that can still become the extremum, each tagged with its event sequence number.
/// A new value evicts every kept value it beats, so the front is always the answer.
struct MonotonicExtremum: Codable {
    /// -1 keeps the minimum, +1 the maximum.
    let direction: Int
    private var kept: Deque<SequencedValue> = []

    init(direction: Int) { self.direction = direction }

    var count: Int { kept.count }

    mutating func add(_ value: CELValue, sequence: Int64) {
        // Ties evict too: the newer equal value outlives the older one.
        while let last = kept.last, CELValueOrder.compare(value, last.value) * direction >= 0 {
            kept.removeLast()
        }
        kept.append(SequencedValue(sequence: sequence, value: value))
    }

    /// Drops values of events before `firstSequence` (they left the window).
    mutating func expire(before firstSequence: Int64) {
        while let first = kept.first, first.sequence < firstSequence { kept.removeFirst() }
    }

    mutating func removeAll() { kept.removeAll(keepingCapacity: true) }

    var value: CELValue { kept.first?.value ?? .null }
}

/// The minimum or maximum of a window that only grows until it resets.
struct RunningExtremum: Codable {
    let direction: Int
    private(set) var value: CELValue = .null
    private var isEmpty = true

    init(direction: Int) { self.direction = direction }

    mutating func add(_ value: CELValue) {
        if isEmpty || CELValueOrder.compare(value, self.value) * direction > 0 {
            self.value = value
            isEmpty = false
        }
    }

    mutating func removeAll() {
        value = .null
        isEmpty = true
    }
}

/// A value with the sequence number of the event that brought it.
struct SequencedValue: Codable {
    var sequence: Int64
    var value: CELValue
}
