import Testing
@testable import Engine

/// A condition on the event type alone (`until: type == "e"`) takes the types it is false for
/// out of its row, so states waiting on it are not visited for them. That must change nothing:
/// each random pattern runs beside the same pattern with `&& ts >= 0` added to those
/// conditions (which then read `ts`, so nothing is narrowed), and both must give the same
/// matches in the same order, the same partial matches per state and the same counters.
@Suite struct TypeOnlyNarrowingTests {
    static let types = ["a", "b", "c", "d", "e"]

    /// A pattern with type-only conditions, as written (`typeOnly: true`) or made to read `ts`.
    static func randomPattern(_ random: inout SeededRandom) -> (narrowed: String, asWritten: String) {
        func pick() -> String { types[Int(random.next() % UInt64(types.count))] }
        func other(than type: String) -> String {
            types[(types.firstIndex(of: type)! + 1 + Int(random.next() % 4)) % types.count]
        }
        var header = ["kind: pattern", "name: p"]
        if random.next() % 4 != 0 { header.append("within: \(4 + random.next() % 8)s") }
        if random.next() % 2 == 0 { header.append("on_timeout: emit") }
        if random.next() % 3 == 0 { header.append("max_partial_matches: \(3 + random.next() % 6)") }
        header.append(["", "skip: past_last_event", "skip: to_next"][Int(random.next() % 3)])
        // Each step's text with a placeholder for the suffix that defeats narrowing.
        var steps: [String] = []
        let count = 2 + Int(random.next() % 3)
        for i in 0..<count {
            let type = pick()
            if i > 0, i < count - 1, random.next() % 5 == 0 {
                let kind = random.next() % 2 == 0 ? "next" : "followed_by"
                steps.append("{name: n\(i), on: \(pick()), not: \(kind)}")
            }
            var options = ""
            if random.next() % 3 == 0 {
                options += ", on: [\(type), \(other(than: type))], where: type == \"\(type)\"@"
            } else {
                options += ", on: \(type)"
            }
            let last = i == count - 1
            if !last, random.next() % 2 == 0 {
                options += ", one_or_more: true"
                switch random.next() % 3 {
                case 0: options += ", greedy: true"
                case 1: options += ", consecutive: true"
                default: break
                }
                if random.next() % 3 != 0 {
                    // Tests of names alone also fail every type the pattern never names; `!=` does not.
                    let until = [
                        "type == \"\(pick())\" || type == \"\(pick())\"", "type in [\"\(pick())\", \"\(pick())\"]",
                        "\"\(pick())\" == type", "type != \"\(pick())\"",
                    ][Int(random.next() % 4)]
                    options += ", until: '\(until)@'"
                }
            }
            steps.append("{name: s\(i)\(options)}")
        }
        let text = (header + ["steps:"] + steps.map { "  - \($0)" }).joined(separator: "\n")
        return (text.replacingOccurrences(of: "@", with: ""), text.replacingOccurrences(of: "@", with: " && ts >= 0"))
    }

    struct Observed: Equatable {
        var matches: [String]
        var partialMatches: [Int]
        var counters: [Int]
    }

    /// Every match so far with its steps' names, then what is alive and counted now.
    static func observe(_ harness: MatchHarness) -> Observed {
        let matcher = harness.matchers.matchers[0]
        let s = matcher.stats
        let matches = harness.found.map { match in
            "\(match.ts) \(match.timedOut) " + match.steps.map { step in
                step.name + ":" + step.events.map(MatchHarness.describeEvent).joined(separator: ",")
            }.joined(separator: " ")
        }
        return Observed(matches: matches, partialMatches: matcher.partialMatchCounts,
                        counters: [s.matches, s.timedOut, s.dropped, s.skipped, s.expressionErrors])
    }

    @Test func narrowingTypeOnlyConditionsChangesNothing() throws {
        var random = SeededRandom(seed: 1_313)
        var narrowedSomething = 0
        var narrowedOthers = 0
        for _ in 0..<300 {
            let (narrowed, asWritten) = Self.randomPattern(&random)
            var fast = try MatchHarness(narrowed)
            var plain = try MatchHarness(asWritten)
            let tables = fast.matchers.cores[0].tables
            if tables.accepts != plain.matchers.cores[0].tables.accepts { narrowedSomething += 1 }
            // The slot of the types the pattern never names, narrowed for some until.
            if (0..<tables.accepts.count / tables.typeSlots).contains(where: { condition in
                condition % 2 == 1 && tables.hasProgram[condition] && !tables.accepts[condition * tables.typeSlots + tables.typeCount]
            }) {
                narrowedOthers += 1
            }
            var t = MatchHarness.start
            for i in 0..<80 {
                t += Int64(random.next() % 1_200)
                let type = Self.types[Int(random.next() % UInt64(Self.types.count))]
                let event = MatchHarness.event("\(type)\(i)", at: t)
                fast.feed([event])
                plain.feed([event])
                let a = Self.observe(fast)
                let b = Self.observe(plain)
                #expect(a == b, "\(narrowed)\nafter event \(i)")
                if a != b { break }
            }
            fast.advance(to: t + 60_000)
            plain.advance(to: t + 60_000)
            let a = Self.observe(fast)
            let b = Self.observe(plain)
            #expect(a == b, "\(narrowed)\nat the end")
        }
        // Most patterns had a type-only condition to narrow, so the comparison means something.
        #expect(narrowedSomething > 100)
        #expect(narrowedOthers > 50)
    }
}
