/// The events of a pattern's partial matches, shared (as Flink's SharedBuffer shares them):
/// an event is stored once however many partial matches took it, and a partial match is a
/// node pointing at its previous node, so branches that split after a common prefix share
/// that prefix instead of copying it. Nodes never change once written (a branch extends by
/// adding a node), which is what keeps every branch's view consistent — the versioning.
/// Reference counts free a node when no partial match or later node needs it.
struct MatchBuffer: Codable {
    static let none: Int32 = -1

    private struct StoredEvent: Codable {
        var event: Event?
        var seq: Int64
        var refs: Int32
        /// The event as later steps' conditions see it, built on first use.
        var record: CELValue? = nil
        // The record is built again on first use after a restore.
        private enum CodingKeys: CodingKey { case event, seq, refs }
    }

    private struct Node: Codable {
        var slot: Int32
        var step: Int32
        var previous: Int32
        var refs: Int32
        /// The node before the run of nodes of this step that ends here (a loop's events
        /// are consecutive nodes): looking up an earlier step passes over a whole loop in
        /// one hop. Kept alive by the `previous` chain, so it holds no reference.
        var beforeRun: Int32
    }

    private var events: [StoredEvent] = []
    private var freeEvents: [Int32] = []
    /// The slot of the event being processed, so every partial match taking it shares it.
    private var currentSeq: Int64 = -1
    private var currentSlot: Int32 = -1

    private var nodes: [Node] = []
    private var freeNodes: [Int32] = []

    private(set) var liveNodes = 0
    private(set) var liveEvents = 0

    /// A new node for `event` taken into `step` after `previous`; the caller owns one reference.
    mutating func append(_ event: Event, seq: Int64, step: Int, after previous: Int32) -> Int32 {
        let slot = slot(for: event, seq: seq)
        events[Int(slot)].refs += 1
        var beforeRun = previous
        if previous != Self.none {
            nodes[Int(previous)].refs += 1
            if nodes[Int(previous)].step == Int32(step) { beforeRun = nodes[Int(previous)].beforeRun }
        }
        liveNodes += 1
        let node = Node(slot: slot, step: Int32(step), previous: previous, refs: 1, beforeRun: beforeRun)
        if let free = freeNodes.popLast() {
            nodes[Int(free)] = node
            return free
        }
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    private mutating func slot(for event: Event, seq: Int64) -> Int32 {
        if seq == currentSeq, currentSlot >= 0, events[Int(currentSlot)].refs > 0 { return currentSlot }
        liveEvents += 1
        let stored = StoredEvent(event: event, seq: seq, refs: 0, record: nil)
        let slot: Int32
        if let free = freeEvents.popLast() {
            slot = free
            events[Int(slot)] = stored
        } else {
            events.append(stored)
            slot = Int32(events.count - 1)
        }
        currentSeq = seq
        currentSlot = slot
        return slot
    }

    mutating func retain(_ node: Int32) {
        if node != Self.none { nodes[Int(node)].refs += 1 }
    }

    /// Drops one reference; a node nobody needs is freed, and so on down its chain.
    @inline(__always)
    mutating func release(_ node: Int32) {
        // Usually another partial match or a later node still holds it: answered without a call.
        guard node != Self.none else { return }
        nodes[Int(node)].refs -= 1
        if nodes[Int(node)].refs == 0 { free(from: node) }
    }

    /// Frees `node`, whose last reference has gone, and the nodes before it that only it held.
    @inline(never)
    private mutating func free(from node: Int32) {
        var node = node
        while true {
            let n = Int(node)
            let slot = Int(nodes[n].slot)
            events[slot].refs -= 1
            if events[slot].refs == 0 {
                events[slot].event = nil
                events[slot].record = nil
                freeEvents.append(Int32(slot))
                liveEvents -= 1
            }
            freeNodes.append(node)
            liveNodes -= 1
            // The node before held by this one alone goes too.
            node = nodes[n].previous
            guard node != Self.none else { return }
            nodes[Int(node)].refs -= 1
            guard nodes[Int(node)].refs == 0 else { return }
        }
    }

    /// The stored slot of the last event `step` took on the chain ending at `node`, or -1.
    func lastSlot(ofStep step: Int, from node: Int32) -> Int32 {
        var node = node
        while node != Self.none {
            let n = Int(node)
            if nodes[n].step == Int32(step) { return nodes[n].slot }
            node = nodes[n].beforeRun
        }
        return -1
    }

    /// The event in `slot` as later steps' conditions see it (a CEL record), built once.
    mutating func record(atSlot slot: Int32) -> CELValue {
        guard slot >= 0 else { return .null }
        let s = Int(slot)
        if let record = events[s].record { return record }
        let event = events[s].event!
        let record = CELValue.record(CELRecord(type: EventContext.eventRecord,
                                               fields: EventField.allCases.map(event.value(of:))))
        events[s].record = record
        return record
    }

    /// The nodes of the chain ending at `node`, oldest first. Measured first and filled from
    /// the back: one allocation per match, not a growing array and its reversed copy.
    func chain(_ node: Int32) -> [Int32] {
        var result: [Int32] = []
        chain(node, into: &result)
        return result
    }

    /// The number of nodes in the chain ending at `node`.
    func chainLength(_ node: Int32) -> Int {
        var length = 0
        var n = node
        while n != Self.none {
            length += 1
            n = nodes[Int(n)].previous
        }
        return length
    }

    /// `chain(node)` written into `result`, reusing its storage (no allocation once it is big enough).
    func chain(_ node: Int32, into result: inout [Int32]) {
        let length = chainLength(node)
        var n = node
        result.removeAll(keepingCapacity: true)
        result.append(contentsOf: repeatElement(Self.none, count: length))
        for i in stride(from: length - 1, through: 0, by: -1) {
            result[i] = n
            n = nodes[Int(n)].previous
        }
    }

    func step(of node: Int32) -> Int { Int(nodes[Int(node)].step) }
    func seq(of node: Int32) -> Int64 { events[Int(nodes[Int(node)].slot)].seq }
    func event(of node: Int32) -> Event { events[Int(nodes[Int(node)].slot)].event! }

    /// Bytes the buffer's storage holds (its capacity, not only what is live); event payloads
    /// (strings, params) are shared with the input and not counted.
    var bytesHeld: Int {
        events.capacity * MemoryLayout<StoredEvent>.stride + freeEvents.capacity * 4
            + nodes.capacity * MemoryLayout<Node>.stride + freeNodes.capacity * 4
    }
}
