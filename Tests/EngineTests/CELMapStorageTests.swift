import Testing
@testable import Engine

/// `CELMap` keeps its values in its own box (ManagedBuffer) beside a keys array: random
/// inserts, updates, removals and copies, checked against a plain list of pairs.
@Suite struct CELMapStorageTests {
    /// The reference: insertion order, a removed key leaves its place, a new key goes last.
    private struct PairList {
        var pairs: [(CELMapKey, CELValue)] = []
        subscript(key: CELMapKey) -> CELValue? {
            get { pairs.first { $0.0 == key }?.1 }
            set {
                if let i = pairs.firstIndex(where: { $0.0 == key }) {
                    if let newValue { pairs[i].1 = newValue } else { pairs.remove(at: i) }
                } else if let newValue {
                    pairs.append((key, newValue))
                }
            }
        }
    }

    private func check(_ map: CELMap, _ reference: PairList, _ note: String) {
        #expect(map.count == reference.pairs.count, "\(note)")
        #expect(map.keys == reference.pairs.map(\.0), "\(note)")
        #expect(zip(map.values, reference.pairs.map(\.1)).allSatisfy { CELEquality.equals($0, $1) }, "\(note)")
        #expect(map.values.count == reference.pairs.count, "\(note)")
        for (key, value) in reference.pairs {
            #expect(map[key].map { CELEquality.equals($0, value) } == true, "\(note) \(key)")
            if case .string(let s) = key {
                #expect(map[string: s].map { CELEquality.equals($0, value) } == true, "\(note) \(s)")
            }
        }
        #expect(map[.string("absent")] == nil && map[string: "absent"] == nil, "\(note)")
    }

    @Test func randomOperationsMatchAPlainPairList() {
        var rng = SeededRandom(seed: 7)
        for round in 0..<300 {
            var map = CELMap()
            var reference = PairList()
            // Copies taken along the way must not see later changes (copy-on-write).
            var snapshots: [(CELMap, PairList)] = []
            for step in 0..<Int(rng.next() % 40) {
                let key: CELMapKey = rng.next() % 5 == 0 ? .int(Int64(rng.next() % 6)) : .string("k\(rng.next() % 14)")
                // Large strings too, so values hold references the box must retain and release.
                let value: CELValue = rng.next() % 2 == 0 ? .int(Int64(step)) : .string(String(repeating: "v", count: 20) + "\(step)")
                switch rng.next() % 6 {
                case 0: map[key] = nil; reference[key] = nil
                case 1: snapshots.append((map, reference))
                default: map[key] = value; reference[key] = value
                }
                check(map, reference, "round \(round) step \(step)")
            }
            for (copy, expected) in snapshots { check(copy, expected, "round \(round) snapshot") }
        }
    }

    @Test func updatingByPositionLeavesCopiesAlone() {
        var map = CELMap((0..<12).map { (CELMapKey.string("k\($0)"), CELValue.int(Int64($0))) })
        let copy = map
        map.setValue(.int(100), atPosition: 10)
        #expect(map[string: "k10"].map { CELEquality.equals($0, .int(100)) } == true)
        #expect(copy[string: "k10"].map { CELEquality.equals($0, .int(10)) } == true)
    }

    @Test func decodedParamsMapsShareKeysButNotValues() {
        let (events, errors) = EventDecoder().decodeAll(#"""
            {"ts": 1, "type": "a", "params": {"x": 1, "y": "one"}}
            {"ts": 2, "type": "a", "params": {"x": 2, "y": "two"}}
            """#)
        #expect(errors.isEmpty && events.count == 2)
        var second = events[1].params
        second[.string("z")] = .bool(true)
        #expect(events[0].params.keys == [.string("x"), .string("y")])
        #expect(events[1].params.keys == [.string("x"), .string("y")])
        #expect(second.keys == [.string("x"), .string("y"), .string("z")])
        #expect(events[0].params[string: "y"].map { CELEquality.equals($0, .string("one")) } == true)
        #expect(events[1].params[string: "x"].map { CELEquality.equals($0, .int(2)) } == true)
    }
}
