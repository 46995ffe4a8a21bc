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

/// Views left unread for a while are dropped and rebuilt by the next read; what a read gives
/// must not depend on how often reads come. Two counts fed the same window of values (many
/// distinct ones, numbers and strings that compare equal across types), one read after every
/// step, the other now and then: every read of the second equals the first's at that step.
@Suite struct ValueCountsReadCadenceTests {
    static func reads(_ counts: inout ValueCounts, _ distinct: Int) -> String {
        PlainJSON.text(.list([counts.histogram(), counts.topK(distinct), counts.percentile(50), counts.percentile(90)]))
    }

    @Test(arguments: [7, 8])
    func readsGiveTheSameWhetherEveryStepOrNowAndThen(seed: Int) {
        var random = SeededRandom(seed: UInt64(seed))
        var everyStep = ValueCounts(), nowAndThen = ValueCounts()
        var window: [(Int32, Int32)] = []
        var nextRead = 1
        for sequence in Int64(0)..<4_000 {
            let n = Int64(random.next() % 300)
            let value: CELValue = random.next() % 4 == 0 ? .string("\(n)") : random.next() % 3 == 0 ? .double(Double(n)) : .int(n)
            window.append((everyStep.add(value, sequence: sequence), nowAndThen.add(value, sequence: sequence)))
            while window.count > Int(random.next() % 400) + 1 {
                let (a, b) = window.removeFirst()
                everyStep.remove(slot: a)
                nowAndThen.remove(slot: b)
            }
            let expected = Self.reads(&everyStep, everyStep.distinctCount)
            if sequence == nextRead {
                #expect(Self.reads(&nowAndThen, nowAndThen.distinctCount) == expected, "at sequence \(sequence)")
                nextRead += Int(random.next() % 150) + 1
            }
        }
    }
}
