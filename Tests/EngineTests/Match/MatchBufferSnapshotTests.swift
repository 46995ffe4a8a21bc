import Foundation
import Testing
@testable import Engine

/// The match buffer is a class written in place (`UncheckedArray`): a snapshot must still be a
/// value, unchanged by the events that come after it, and restore to the same matching.
struct MatchBufferSnapshotTests {
    static let pattern = """
        kind: pattern
        name: pricier
        within: 5s
        steps:
          - {name: a, on: view, where: params.price > 20.0}
          - {name: b, on: view, where: params.price > a.params.price, times: {min: 1, max: 3}, combinations: true}
          - {name: c, on: purchase}
        """

    static func events(count: Int, seed: UInt64) -> [Event] {
        var random = SeededRandom(seed: seed)
        var ts = MatchHarness.start
        return (0..<count).map { i in
            ts += Int64(random.next() % 700)
            let type = ["view", "view", "view", "purchase", "click"][Int(random.next() % 5)]
            return Event(ts: ts, type: type, params: CELMap([
                (.string("id"), .string("\(type)\(i)")), (.string("price"), .double(Double(random.next() % 100))),
            ]))
        }
    }

    /// A matcher goes on after its snapshot; the snapshot, encoded and restored into a new
    /// matcher, goes on over the same events exactly as the original did.
    @Test func aSnapshotIsUnchangedByLaterEventsAndRestoresTheSameMatching() throws {
        for seed in UInt64(1)...5 {
            let events = Self.events(count: 600, seed: seed)
            let original = try MatchHarness(Self.pattern)
            for event in events[..<300] { original.matchers.process(event) { _ in } }
            let snapshot = original.matchers.snapshot
            #expect(original.matchers.matchers[0].bufferedEvents > 0, "the snapshot holds buffered events (seed \(seed))")

            var goneOn: [String] = []
            for event in events[300...] { original.matchers.process(event) { goneOn.append(MatchHarness.describe($0)) } }

            let restored = try MatchHarness(Self.pattern)
            let data = try JSONEncoder().encode(snapshot)
            try restored.matchers.restore(JSONDecoder().decode(PatternMatchers.Snapshot.self, from: data))
            var restoredGoneOn: [String] = []
            for event in events[300...] { restored.matchers.process(event) { restoredGoneOn.append(MatchHarness.describe($0)) } }

            #expect(!goneOn.isEmpty, "seed \(seed) finds matches after the snapshot")
            #expect(restoredGoneOn == goneOn, "seed \(seed)")
            #expect(restored.matchers.matchers[0].partialMatchCounts == original.matchers.matchers[0].partialMatchCounts)
            #expect(restored.matchers.matchers[0].bufferedEvents == original.matchers.matchers[0].bufferedEvents)
        }
    }

    /// Two patterns taking the same views store each event once (`SharedEvents`): the events
    /// held are exactly those the live partial matches show, and go with the last of them.
    @Test func patternsShareTheEventsTheyHold() throws {
        let second = """
            kind: pattern
            name: view_then_purchase
            within: 5s
            steps:
              - {name: v, on: view}
              - {name: p, on: purchase}
            """
        let h = try MatchHarness(Self.pattern + "\n---\n" + second)
        #expect(h.matchers.matchers.count == 2)
        var shared = 0
        for (i, event) in Self.events(count: 2_000, seed: 3).enumerated() {
            h.matchers.process(event) { _ in }
            guard i % 97 == 0 else { continue }
            let ids = h.matchers.matchers.map { matcher in
                Set(matcher.livePartialMatches(limit: .max).flatMap { $0.steps.flatMap(\.events) }.map(MatchHarness.describeEvent))
            }
            #expect(zip(h.matchers.matchers, ids).allSatisfy { $0.bufferedEvents == $1.count }, "at event \(i)")
            #expect(h.matchers.heldEvents == ids.reduce(Set()) { $0.union($1) }.count, "at event \(i)")
            shared += ids[0].intersection(ids[1]).count
        }
        #expect(shared > 0, "the two patterns held some events at once")
        h.matchers.advance(to: MatchHarness.start + 100_000_000) { _ in }
        #expect(h.matchers.heldEvents == 0)
    }

    /// `UncheckedArray` against `Array` over random appends, pops, writes and copies.
    @Test func uncheckedArrayBehavesAsAnArray() {
        var random = SeededRandom(seed: 7)
        let unchecked = UncheckedArray<String>()
        var plain: [String] = []
        var copies: [(UncheckedArray<String>, [String])] = []
        for i in 0..<5_000 {
            switch random.next() % 5 {
            case 0, 1:
                unchecked.append("e\(i)")
                plain.append("e\(i)")
            case 2:
                #expect(unchecked.popLast() == plain.popLast())
            case 3 where !plain.isEmpty:
                let at = Int(random.next() % UInt64(plain.count))
                unchecked[at] = "w\(i)"
                plain[at] = "w\(i)"
            default:
                if copies.count < 20 { copies.append((unchecked.copy(), plain)) }
            }
            #expect(unchecked.count == plain.count)
        }
        #expect(unchecked.elements == plain)
        #expect(unchecked.capacity >= plain.count)
        for (copy, then) in copies { #expect(copy.elements == then, "a copy keeps what it had") }
    }
}
