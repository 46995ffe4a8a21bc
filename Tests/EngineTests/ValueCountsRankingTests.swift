import Testing
@testable import Engine

/// The top-k ranking is kept in step with every add and every removal (each value moved to its
/// new rank in place); the whole ranking, not only its head, must stay what sorting from
/// scratch gives: most frequent first, ties to the most recently seen. A sliding window of
/// random values over a few dozen distinct ones, read in full after every step.
@Suite struct ValueCountsRankingTests {
    @Test(arguments: [1, 2, 3])
    func theWholeRankingStaysSortedThroughAddsAndRemovals(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed) &+ 4_000)
        var counts = ValueCounts()
        _ = counts.topK(1)  // from here on the ranking is kept in step, not rebuilt
        var window: [(slot: Int32, value: Int64, sequence: Int64)] = []
        for sequence in Int64(0)..<3_000 {
            let value = Int64(random.next() % 40)
            window.append((counts.add(.int(value), sequence: sequence), value, sequence))
            while window.count > Int(random.next() % 120) + 1 {
                counts.remove(slot: window.removeFirst().slot)
            }
            // The reference: counts and latest occurrence of each value in the window.
            var seen: [Int64: (count: Int, last: Int64)] = [:]
            for entry in window { seen[entry.value] = ((seen[entry.value]?.count ?? 0) + 1, entry.sequence) }
            let expected = seen.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.last > $1.value.last }
                .map(\.key)
            guard case .list(let ranked) = counts.topK(seen.count) else { Issue.record("top_k is a list"); return }
            let got = ranked.map { value -> Int64 in if case .int(let n) = value { n } else { -1 } }
            #expect(got == expected, "after sequence \(sequence)")
        }
    }
}
