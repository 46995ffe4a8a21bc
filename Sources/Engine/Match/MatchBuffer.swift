/// The events of a pattern's partial matches, shared (as Flink's SharedBuffer shares them):
/// an event is stored once however many partial matches took it, and a partial match is a
/// node pointing at its previous node, so branches that split after a common prefix share
/// that prefix instead of copying it. Nodes never change once written (a branch extends by
/// adding a node), which is what keeps every branch's view consistent — the versioning.
/// Reference counts free a node when no partial match or later node needs it.
struct MatchBuffer {
    static let none: Int32 = -1

    private var events: [Event?] = []
    private var eventSeq: [Int64] = []
    private var eventRefs: [Int32] = []
    /// Each stored event as later steps' conditions see it, built on first use.
    private var eventRecords: [CELValue?] = []
    private var freeEvents: [Int32] = []
    /// The slot of the event being processed, so every partial match taking it shares it.
    private var currentSeq: Int64 = -1
    private var currentSlot: Int32 = -1

    private var nodeEvent: [Int32] = []
    private var nodeStep: [Int32] = []
    private var nodePrevious: [Int32] = []
    private var nodeRefs: [Int32] = []
    private var freeNodes: [Int32] = []

    private(set) var liveNodes = 0
    private(set) var liveEvents = 0

    /// A new node for `event` taken into `step` after `previous`; the caller owns one reference.
    mutating func append(_ event: Event, seq: Int64, step: Int, after previous: Int32) -> Int32 {
        let slot = slot(for: event, seq: seq)
        eventRefs[Int(slot)] += 1
        if previous != Self.none { nodeRefs[Int(previous)] += 1 }
        liveNodes += 1
        if let node = freeNodes.popLast() {
            let n = Int(node)
            nodeEvent[n] = slot
            nodeStep[n] = Int32(step)
            nodePrevious[n] = previous
            nodeRefs[n] = 1
            return node
        }
        nodeEvent.append(slot)
        nodeStep.append(Int32(step))
        nodePrevious.append(previous)
        nodeRefs.append(1)
        return Int32(nodeEvent.count - 1)
    }

    private mutating func slot(for event: Event, seq: Int64) -> Int32 {
        if seq == currentSeq, currentSlot >= 0, eventRefs[Int(currentSlot)] > 0 { return currentSlot }
        liveEvents += 1
        let slot: Int32
        if let free = freeEvents.popLast() {
            slot = free
            events[Int(slot)] = event
            eventSeq[Int(slot)] = seq
            eventRefs[Int(slot)] = 0
            eventRecords[Int(slot)] = nil
        } else {
            events.append(event)
            eventSeq.append(seq)
            eventRefs.append(0)
            eventRecords.append(nil)
            slot = Int32(events.count - 1)
        }
        currentSeq = seq
        currentSlot = slot
        return slot
    }

    mutating func retain(_ node: Int32) {
        if node != Self.none { nodeRefs[Int(node)] += 1 }
    }

    /// Drops one reference; a node nobody needs is freed, and so on down its chain.
    mutating func release(_ node: Int32) {
        var node = node
        while node != Self.none {
            let n = Int(node)
            nodeRefs[n] -= 1
            guard nodeRefs[n] == 0 else { return }
            let slot = Int(nodeEvent[n])
            eventRefs[slot] -= 1
            if eventRefs[slot] == 0 {
                events[slot] = nil
                eventRecords[slot] = nil
                freeEvents.append(Int32(slot))
                liveEvents -= 1
            }
            freeNodes.append(node)
            liveNodes -= 1
            node = nodePrevious[n]
        }
    }

    /// The last event `step` took on the chain ending at `node`, as a CEL record.
    mutating func lastRecord(ofStep step: Int, from node: Int32) -> CELValue {
        var node = node
        while node != Self.none {
            let n = Int(node)
            if nodeStep[n] == Int32(step) {
                let slot = Int(nodeEvent[n])
                if let record = eventRecords[slot] { return record }
                let event = events[slot]!
                let record = CELValue.record(CELRecord(type: EventContext.eventRecord,
                                                       fields: EventField.allCases.map(event.value(of:))))
                eventRecords[slot] = record
                return record
            }
            node = nodePrevious[n]
        }
        return .null
    }

    /// The nodes of the chain ending at `node`, oldest first.
    func chain(_ node: Int32) -> [Int32] {
        var nodes: [Int32] = []
        var node = node
        while node != Self.none {
            nodes.append(node)
            node = nodePrevious[Int(node)]
        }
        return nodes.reversed()
    }

    func step(of node: Int32) -> Int { Int(nodeStep[Int(node)]) }
    func seq(of node: Int32) -> Int64 { eventSeq[Int(nodeEvent[Int(node)])] }
    func event(of node: Int32) -> Event { events[Int(nodeEvent[Int(node)])]! }

    /// Bytes the buffer's storage holds (its capacity, not only what is live); event payloads
    /// (strings, params) are shared with the input and not counted.
    var bytesHeld: Int {
        events.capacity * MemoryLayout<Event?>.stride + eventSeq.capacity * 8 + eventRefs.capacity * 4
            + eventRecords.capacity * MemoryLayout<CELValue?>.stride + freeEvents.capacity * 4
            + (nodeEvent.capacity + nodeStep.capacity + nodePrevious.capacity + nodeRefs.capacity + freeNodes.capacity) * 4
    }
}
