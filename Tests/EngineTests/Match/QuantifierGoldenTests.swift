import Testing
@testable import Engine

/// Quantifiers: Flink's `until` example, `times`, `{min, max}`, `optional`, and greedy versus
/// reluctant from Flink's MATCH_RECOGNIZE documentation.
@Suite struct QuantifierGoldenTests {
    @Test func untilStopsTheLoop() throws {
        // (a+ until b) over a1 c a2 b a3 gives {a1 a2} {a1} {a2} {a3}: nothing crosses b.
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 1m
            steps:
              - {name: a, on: a, one_or_more: true, until: type == "b"}
            """)
        #expect(Set(h.feed("a1 c a2 b a3")) == ["a1", "a1 a2", "a2", "a3"])
    }

    @Test func timesTakesExactlyN() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a, times: 2}
            """)
        #expect(h.feed("a1 x a2 a3") == ["a1 a2", "a2 a3"])
    }

    @Test func timesRangeReportsEveryLengthFromMinToMax() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a, times: {min: 2, max: 3}}
            """)
        #expect(h.feed("a1 a2 a3 a4") == ["a1 a2", "a1 a2 a3", "a2 a3", "a2 a3 a4", "a3 a4"])
    }

    static let optionalMiddle = """
        kind: pattern
        name: p
        skip: past_last_event
        steps:
          - {name: a, on: a}
          - {name: b, on: b, optional: true}
          - {name: c, on: c}
        """

    @Test func optionalStepMayBeAbsentOrPresent() throws {
        var h = try MatchHarness(Self.optionalMiddle)
        #expect(h.feed("a1 c1 a2 b2 c2") == ["a1 c1", "a2 b2 c2"])
    }

    @Test func optionalStepIsNotRequiredToMatch() throws {
        var h = try MatchHarness(Self.optionalMiddle)
        #expect(h.feed("a1 x c1") == ["a1 c1"])
    }

    @Test func optionalTimesIsNoneOrAtLeastTheMinimum() throws {
        // Flink's `times(2).optional()`: 0 or 2 events, never 1.
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a}
              - {name: x, on: x, times: {min: 2}, optional: true, until: type == "c"}
              - {name: c, on: c}
            """)
        #expect(h.feed("a1 x1 c1") == ["a1 c1"])
        #expect(h.feed("a2 x2 x3 c2") == ["a2 x2 x3 c2", "a2 c2"])  // same start: the longer first
    }

    static let greedyMiddle = """
        kind: pattern
        name: p
        within: 1m
        steps:
          - {name: a, on: a}
          - {name: b, on: b, one_or_more: true, greedy: true}
          - {name: c, on: c}
        """

    @Test func greedyLoopMovesOnOnlyWithEventsItDoesNotTake() throws {
        var h = try MatchHarness(Self.greedyMiddle)
        #expect(h.feed("a1 b1 x b2 c1") == ["a1 b1 b2 c1"])
        var again = try MatchHarness(Self.greedyMiddle)
        #expect(again.feed("a2 b3 c2 b4 c3") == ["a2 b3 c2", "a2 b3 b4 c3"])
        let matcher = try #require(again.matchers.matcher(named: "p"))
        #expect(matcher.livePartialMatches == 1, "the loop alone; its moved-on branch is made only when needed")
    }

    /// PATTERN (A B* C), strict, DEFINE A price > 10, B price < 15, C price > 12, skip past last row.
    static func prices(greedy: Bool) -> String {
        """
        kind: pattern
        name: p
        skip: past_last_event
        steps:
          - {name: a, on: t, where: params.price > 10}
          - {name: b, on: t, where: params.price < 15, one_or_more: true, optional: true, consecutive: true, \
        contiguity: strict, greedy: \(greedy)}
          - {name: c, on: t, where: params.price > 12, contiguity: strict}
        """
    }

    static let ticker: [Event] = [10, 11, 12, 13, 14, 16].enumerated().map { i, price in
        MatchHarness.event("t\(price)", at: MatchHarness.start + Int64(i) * 1_000, params: [("price", .int(Int64(price)))])
    }

    @Test func greedyLoopSwallowsEveryRowItCan() throws {
        var h = try MatchHarness(Self.prices(greedy: true))
        #expect(h.feed(Self.ticker) == ["t11 t12 t13 t14 t16"])
    }

    @Test func reluctantLoopStopsAtTheFirstPossibleEnd() throws {
        var h = try MatchHarness(Self.prices(greedy: false))
        #expect(h.feed(Self.ticker) == ["t11 t12 t13", "t14 t16"])
    }
}
