import Foundation
import Testing
@testable import Engine

/// `RingBuffer` (the windows' FIFO storage) against an `Array` under seeded churn: appends
/// past each power-of-two growth, removals at both ends (singly, counted, and while a
/// predicate holds), wrapping, emptying, and copies that must not see later changes.
@Suite struct RingBufferTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithAnArrayUnderChurn(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        // Strings, so that a copy sharing storage wrongly, or an item freed twice, shows.
        var ring = RingBuffer<String>()
        var reference: [String] = []
        var copies: [(RingBuffer<String>, [String])] = []
        for step in 0..<8_000 {
            switch random.next() % 10 {
            case 0...4:
                let item = "v\(step)"
                ring.append(item)
                reference.append(item)
            case 5 where !reference.isEmpty:
                #expect(ring.removeFirst() == reference.removeFirst())
            case 6 where !reference.isEmpty:
                #expect(ring.removeLast() == reference.removeLast())
            case 7:
                let n = Int(random.next() % UInt64(reference.count + 1))
                var removed: [String] = []
                ring.removeFirst(n) { removed.append($0) }
                #expect(removed == Array(reference.prefix(n)))
                reference.removeFirst(n)
            case 8:
                // Remove while the item is older than a random step (items are in step order).
                let cutoff = step - Int(random.next() % 200)
                let older = { (item: String) in Int(item.dropFirst())! < cutoff }
                let expected = reference.prefix(while: older).count
                #expect(ring.removeFirst(while: older) == expected)
                reference.removeFirst(expected)
                let bound = step - Int(random.next() % 40)
                let newer = { (item: String) in Int(item.dropFirst())! > bound }
                ring.removeLast(while: newer)
                while let last = reference.last, newer(last) { reference.removeLast() }
            case 9:
                if random.next() % 20 == 0 {
                    ring.removeAll(keepingCapacity: random.next() % 2 == 0)
                    reference.removeAll()
                } else if copies.count < 50 {
                    copies.append((ring, reference))
                }
            default:
                break
            }
            #expect(Array(ring) == reference, "step \(step)")
            #expect(ring.first == reference.first && ring.last == reference.last)
        }
        for (copy, expected) in copies { #expect(Array(copy) == expected) }
    }

    @Test func encodesAsTheArrayDequeWrote() throws {
        var ring = RingBuffer<Int64>()
        for i in 0..<40 as Range<Int64> { ring.append(i) }
        for _ in 0..<30 { ring.removeFirst() }
        for i in 40..<45 as Range<Int64> { ring.append(i) }  // wrapped past the end of its storage
        let data = try JSONEncoder().encode(ring)
        #expect(String(decoding: data, as: UTF8.self) == "[30,31,32,33,34,35,36,37,38,39,40,41,42,43,44]")
        #expect(Array(try JSONDecoder().decode(RingBuffer<Int64>.self, from: data)) == Array(30..<45))
    }
}
