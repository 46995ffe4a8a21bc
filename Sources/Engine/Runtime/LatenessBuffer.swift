import HeapModule

/// Events waiting for `allowed_lateness` to pass, taken out in `ts` order, ties in the order
/// they arrived. The heap orders small keys and the events wait in slots beside it: a sift
/// moves 24 bytes instead of a whole event, and looking at the next time copies nothing (a
/// heap of events copied the earliest one, every field retained, at each look).
struct LatenessBuffer {
    private struct Key: Comparable {
        var ts: Int64
        var arrival: Int
        var slot: Int

        static func < (a: Key, b: Key) -> Bool { (a.ts, a.arrival) < (b.ts, b.arrival) }
        static func == (a: Key, b: Key) -> Bool { a.ts == b.ts && a.arrival == b.arrival }
    }

    private var keys = Heap<Key>()
    private var slots: [Event?] = []
    private var freeSlots: [Int] = []
    private var arrivals = 0

    init() {}

    /// A buffer holding `events`, which arrived in this order.
    init(_ events: [Event]) {
        for event in events { insert(event) }
    }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    /// The time of the event that comes out next.
    var nextTime: Int64? { keys.min?.ts }

    mutating func insert(_ event: consuming Event) {
        let slot = freeSlots.popLast() ?? slots.count
        keys.insert(Key(ts: event.ts, arrival: arrivals, slot: slot))
        arrivals += 1
        if slot == slots.count { slots.append(event) } else { slots[slot] = event }
    }

    /// The earliest event, moved out; the buffer must not be empty.
    mutating func removeFirst() -> Event {
        let key = keys.removeMin()
        freeSlots.append(key.slot)
        return slots[key.slot].take()!
    }

    /// The waiting events in the order they will come out (for snapshots).
    var inOrder: [Event] { keys.unordered.sorted().map { slots[$0.slot]! } }
}
