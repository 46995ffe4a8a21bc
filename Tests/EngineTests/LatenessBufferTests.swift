import Testing
@testable import Engine

/// The lateness buffer gives events back by time, ties in arrival order, whatever the mix of
/// inserts and removals: compared with a plain list sorted the same way, over random times
/// with many ties, and through a snapshot's list and back.
@Suite struct LatenessBufferTests {
    @Test(arguments: 0..<4)
    func eventsComeOutByTimeThenArrival(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 700)
        var buffer = LatenessBuffer()
        var reference: [(ts: Int64, arrival: Int)] = []
        var arrival = 0
        for _ in 0..<5_000 {
            if random.next() % 3 != 0 || reference.isEmpty {
                let ts = Int64(random.next() % 50)  // few distinct times: ties are common
                buffer.insert(Event(ts: ts, type: "e\(arrival)"))
                reference.append((ts, arrival))
                arrival += 1
            } else {
                let first = reference.indices.min { (reference[$0].ts, reference[$0].arrival) < (reference[$1].ts, reference[$1].arrival) }!
                #expect(buffer.nextTime == reference[first].ts)
                let event = buffer.removeFirst()
                #expect(event.type == "e\(reference[first].arrival)" && event.ts == reference[first].ts)
                reference.remove(at: first)
            }
            #expect(buffer.count == reference.count)
        }
        // A snapshot lists them in the order they come out, and a buffer made from that list
        // gives them back in the same order.
        let listed = buffer.inOrder
        #expect(listed.map(\.type) == reference.sorted { ($0.ts, $0.arrival) < ($1.ts, $1.arrival) }.map { "e\($0.arrival)" })
        var restored = LatenessBuffer(listed)
        var out: [String] = []
        while !restored.isEmpty { out.append(restored.removeFirst().type) }
        #expect(out == listed.map(\.type))
    }
}
