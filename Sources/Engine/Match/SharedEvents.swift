/// The events partial matches hold, stored once for all the patterns of a deployment. Each
/// pattern's `MatchBuffer` keeps a slot number here and its own counts: an event is copied
/// in when the first pattern takes it and destroyed when the last one lets it go. (Copying
/// or destroying an `Event` costs six reference counts through its value witnesses, about
/// 165 instructions; in an app's mix the 20 bench patterns took each kept event twice on
/// average.)
final class SharedEvents {
    /// Per slot, how many pattern buffers hold its event (0: the slot is free).
    private let holders = UncheckedArray<Int32>()
    /// The event of each slot, initialized only while it has holders.
    private var values: UnsafeMutablePointer<Event>
    private var capacity = 1
    private let free = UncheckedArray<Int32>()
    /// The slot of the event being processed, so every pattern taking it shares it.
    private var currentSeq: Int64 = -1
    private var currentSlot: Int32 = -1

    init() {
        values = .allocate(capacity: capacity)
    }

    deinit {
        for slot in 0..<holders.count where holders[slot] > 0 { (values + slot).deinitialize(count: 1) }
        values.deallocate()
    }

    /// The slot of event `seq` (sequence numbers identify events), stored on its first hold;
    /// the caller owns one hold.
    func hold(_ event: Event, seq: Int64) -> Int32 {
        if seq == currentSeq, currentSlot >= 0, holders[Int(currentSlot)] > 0 {
            holders[Int(currentSlot)] += 1
            return currentSlot
        }
        let slot: Int32
        if let reused = free.popLast() {
            slot = reused
        } else {
            if holders.count == capacity { grow() }
            holders.append(0)
            slot = Int32(holders.count - 1)
        }
        (values + Int(slot)).initialize(to: event)
        holders[Int(slot)] = 1
        currentSeq = seq
        currentSlot = slot
        return slot
    }

    /// Drops one hold; the event goes with the last.
    func release(_ slot: Int32) {
        let s = Int(slot)
        holders[s] -= 1
        guard holders[s] == 0 else { return }
        (values + s).deinitialize(count: 1)
        free.append(slot)
    }

    /// The event in a held slot, read in place.
    subscript(slot: Int32) -> Event {
        unsafeAddress {
            precondition(holders[Int(slot)] > 0, "a free slot")
            return UnsafePointer(values + Int(slot))
        }
    }

    /// Room for twice the slots; the held events move.
    @inline(never)
    private func grow() {
        let grown = UnsafeMutablePointer<Event>.allocate(capacity: capacity * 2)
        for slot in 0..<holders.count where holders[slot] > 0 {
            (grown + slot).moveInitialize(from: values + slot, count: 1)
        }
        values.deallocate()
        values = grown
        capacity *= 2
    }

    /// Events held now.
    var liveEvents: Int { holders.count - free.count }

    /// Bytes of the slots' storage (capacity, not only what is live); event payloads are
    /// shared with the input and not counted.
    var bytesHeld: Int {
        capacity * MemoryLayout<Event>.stride + holders.capacity * 4 + free.capacity * 4
    }
}
