/// The events of a pattern's partial matches, shared (as Flink's SharedBuffer shares them):
/// an event is stored once however many partial matches took it, and a partial match is a
/// node pointing at its previous node, so branches that split after a common prefix share
/// that prefix instead of copying it. Nodes never change once written (a branch extends by
/// adding a node), which is what keeps every branch's view consistent — the versioning.
/// Reference counts free a node when no partial match or later node needs it.
///
/// The events themselves are in a `SharedEvents` all the patterns of a deployment share; a
/// stored event here is that store's slot and this buffer's counts.
///
/// A class written in place on every event (no copy-on-write check per write, see
/// `UncheckedArray`): its matcher owns it alone, and a snapshot takes a `copy()`.
final class MatchBuffer: Codable {
    static let none: Int32 = -1

    private struct EventInfo {
        var seq: Int64
        var refs: Int32
        /// The event's slot in `store`, held while `refs > 0`.
        var shared: Int32
        /// The event as later steps' conditions see it, built on first use.
        var record: CELValue?
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

    /// By stored slot; the slot's event is in `store`.
    private let events: UncheckedArray<EventInfo>
    let store: SharedEvents
    private let freeEvents: UncheckedArray<Int32>
    /// The slot of the event being processed, so every partial match taking it shares it.
    private var currentSeq: Int64 = -1
    private var currentSlot: Int32 = -1

    private let nodes: UncheckedArray<Node>
    private let freeNodes: UncheckedArray<Int32>

    private(set) var liveNodes = 0
    private(set) var liveEvents = 0

    init(store: SharedEvents = SharedEvents()) {
        self.store = store
        events = UncheckedArray()
        freeEvents = UncheckedArray()
        nodes = UncheckedArray()
        freeNodes = UncheckedArray()
    }

    deinit {
        for slot in 0..<events.count where events[slot].refs > 0 { store.release(events[slot].shared) }
    }

    /// A new node for `event` taken into `step` after `previous`; the caller owns one reference.
    func append(_ event: Event, seq: Int64, step: Int, after previous: Int32) -> Int32 {
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

    private func slot(for event: Event, seq: Int64) -> Int32 {
        if seq == currentSeq, currentSlot >= 0, events[Int(currentSlot)].refs > 0 { return currentSlot }
        liveEvents += 1
        let stored = EventInfo(seq: seq, refs: 0, shared: store.hold(event, seq: seq), record: nil)
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

    func retain(_ node: Int32) {
        if node != Self.none { nodes[Int(node)].refs += 1 }
    }

    /// Drops one reference; a node nobody needs is freed, and so on down its chain.
    @inline(__always)
    func release(_ node: Int32) {
        // Usually another partial match or a later node still holds it: answered without a call.
        guard node != Self.none else { return }
        nodes[Int(node)].refs -= 1
        if nodes[Int(node)].refs == 0 { free(from: node) }
    }

    /// Frees `node`, whose last reference has gone, and the nodes before it that only it held.
    @inline(never)
    private func free(from node: Int32) {
        var node = node
        while true {
            let n = Int(node)
            let slot = Int(nodes[n].slot)
            events[slot].refs -= 1
            if events[slot].refs == 0 {
                store.release(events[slot].shared)
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
    func record(atSlot slot: Int32) -> CELValue {
        guard slot >= 0 else { return .null }
        let s = Int(slot)
        if let record = events[s].record { return record }
        precondition(events[s].refs > 0, "a freed slot")
        let shared = events[s].shared
        let record = CELValue.record(CELRecord(type: EventContext.eventRecord,
                                               fields: EventField.allCases.map { store[shared].value(of: $0) }))
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
    func event(of node: Int32) -> Event {
        let slot = Int(nodes[Int(node)].slot)
        precondition(events[slot].refs > 0, "a freed slot")
        return store[events[slot].shared]
    }

    /// Bytes the buffer's storage holds (its capacity, not only what is live); the events are
    /// in `store`, counted there.
    var bytesHeld: Int {
        events.capacity * MemoryLayout<EventInfo>.stride + freeEvents.capacity * 4
            + nodes.capacity * MemoryLayout<Node>.stride + freeNodes.capacity * 4
    }

    /// An independent buffer with the same contents, its events held in `store`.
    func copy(into store: SharedEvents = SharedEvents()) -> MatchBuffer { MatchBuffer(saved, store: store) }

    // MARK: Snapshots

    /// The buffer as snapshots store it: the shape it had as a struct of arrays, so snapshots
    /// written before it was a class still restore.
    private struct Saved: Codable {
        struct StoredEvent: Codable {
            var event: Event?
            var seq: Int64
            var refs: Int32
        }
        var events: [StoredEvent]
        var freeEvents: [Int32]
        var currentSeq: Int64
        var currentSlot: Int32
        var nodes: [Node]
        var freeNodes: [Int32]
        var liveNodes: Int
        var liveEvents: Int
    }

    private var saved: Saved {
        let stored = (0..<events.count).map { slot in
            Saved.StoredEvent(event: events[slot].refs > 0 ? store[events[slot].shared] : nil, seq: events[slot].seq,
                              refs: events[slot].refs)
        }
        return Saved(events: stored, freeEvents: freeEvents.elements, currentSeq: currentSeq, currentSlot: currentSlot,
                     nodes: nodes.elements, freeNodes: freeNodes.elements, liveNodes: liveNodes, liveEvents: liveEvents)
    }

    private init(_ saved: Saved, store: SharedEvents) {
        self.store = store
        events = UncheckedArray(saved.events.map { stored in
            // A held event is never nil (`init(from:)` checks); a free slot holds nothing in the store.
            EventInfo(seq: stored.seq, refs: stored.refs,
                      shared: stored.refs > 0 ? store.hold(stored.event!, seq: stored.seq) : -1, record: nil)
        })
        freeEvents = UncheckedArray(saved.freeEvents)
        nodes = UncheckedArray(saved.nodes)
        freeNodes = UncheckedArray(saved.freeNodes)
        currentSeq = saved.currentSeq
        currentSlot = saved.currentSlot
        liveNodes = saved.liveNodes
        liveEvents = saved.liveEvents
    }

    convenience init(from decoder: Decoder) throws {
        let saved = try Saved(from: decoder)
        if let slot = saved.events.firstIndex(where: { $0.refs > 0 && $0.event == nil }) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "stored event \(slot) is referenced but missing"))
        }
        self.init(saved, store: SharedEvents())
    }

    func encode(to encoder: Encoder) throws { try saved.encode(to: encoder) }
}
