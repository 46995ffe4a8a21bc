import Testing
@testable import Engine

/// The clock fires the partial matches of a bucket whose timers are in order from its front,
/// and a skip strategy prunes a bucket in order of start from its front, without looking at
/// the rest; this checks both against scanning every partial match, over random patterns with
/// `within`, absence steps, loops and skips and random streams, where buckets fall in and out
/// of order.
@Suite struct TimerOrderTests {
    static func randomPattern(_ random: inout SeededRandom) -> String {
        let types = ["a", "b", "c"]
        var lines = ["kind: pattern", "name: p"]
        if random.next() % 3 != 0 { lines.append("within: \(6 + random.next() % 8)s") }
        if random.next() % 2 == 0 { lines.append("on_timeout: emit") }
        if random.next() % 2 == 0 { lines.append("skip: past_last_event") }
        lines.append("steps:")
        let count = 2 + Int(random.next() % 2)
        for i in 0..<count {
            let type = types[Int(random.next() % 3)]
            if i > 0, random.next() % 2 == 0 {
                // An absence step (at the end, or before the next step).
                lines.append("  - {name: n\(i), on: \(types[Int(random.next() % 3)]), not: followed_by, for: \(1 + random.next() % 6)s}")
                if i == count - 1 { break }
            }
            let loop = random.next() % 4 == 0 ? ", times: {min: 1}" : ""
            lines.append("  - {name: s\(i), on: \(type)\(loop)}")
        }
        return lines.joined(separator: "\n")
    }

    @Test func firingAndPruningFromTheFrontEqualScanningEveryPartialMatch() throws {
        var random = SeededRandom(seed: 7)
        var bucketsOutOfOrder = (timers: 0, starts: 0)
        for _ in 0..<200 {
            let yaml = Self.randomPattern(&random)
            var inOrder = try MatchHarness(yaml)
            var scanning = try MatchHarness(yaml)
            for i in scanning.matchers.cores.indices { scanning.matchers.cores[i].usesBucketOrder = false }
            var t = MatchHarness.start
            for i in 0..<60 {
                t += Int64(random.next() % 1_500)  // ties and gaps up to 1.5 s
                let event = MatchHarness.event("\(["a", "b", "c"][Int(random.next() % 3)])\(i)", at: t)
                #expect(inOrder.feed([event]) == scanning.feed([event]), "\(yaml)")
                if random.next() % 10 == 0 {
                    t += Int64(random.next() % 8_000)
                    #expect(inOrder.advance(to: t) == scanning.advance(to: t), "\(yaml)")
                }
                bucketsOutOfOrder.timers += inOrder.matchers.cores[0].bucketTimersInOrder.filter { !$0 }.count
                bucketsOutOfOrder.starts += inOrder.matchers.cores[0].bucketStartsInOrder.filter { !$0 }.count
            }
            #expect(inOrder.advance(to: t + 60_000) == scanning.advance(to: t + 60_000), "\(yaml)")
        }
        // Some buckets went out of order, so both ways were exercised.
        #expect(bucketsOutOfOrder.timers > 0 && bucketsOutOfOrder.starts > 0)
    }
}
