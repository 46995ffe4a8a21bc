import Testing
@testable import Engine

/// The after-match skip strategy tables of Flink's CEP documentation.
@Suite struct SkipStrategyGoldenTests {
    /// `b+ c` with `c` strictly after the last b (as in Flink's table: a `c` with relaxed
    /// contiguity would also match after b1 and after b1 b2).
    static func bPlusC(_ skip: String, greedy: Bool = false) -> String {
        """
        kind: pattern
        name: p
        within: 1m
        skip: \(skip)
        steps:
          - {name: b, on: b, one_or_more: true\(greedy ? ", greedy: true" : "")}
          - {name: c, on: c\(greedy ? "" : ", contiguity: strict")}
        """
    }

    @Test(arguments: [
        ("no_skip", ["b1 b2 b3 c", "b2 b3 c", "b3 c"]),
        ("to_next", ["b1 b2 b3 c", "b2 b3 c", "b3 c"]),
        ("past_last_event", ["b1 b2 b3 c"]),
        ("{to_first: b}", ["b1 b2 b3 c", "b2 b3 c", "b3 c"]),
        ("{to_last: b}", ["b1 b2 b3 c", "b3 c"]),
    ])
    func bPlusCOverB1B2B3C(skip: String, expected: [String]) throws {
        var h = try MatchHarness(Self.bPlusC(skip))
        #expect(h.feed("b1 b2 b3 c") == expected)
    }

    @Test func aGreedyLoopGivesTheSameTableWithRelaxedC() throws {
        var noSkip = try MatchHarness(Self.bPlusC("no_skip", greedy: true))
        #expect(noSkip.feed("b1 b2 b3 c") == ["b1 b2 b3 c", "b2 b3 c", "b3 c"])
        var toLast = try MatchHarness(Self.bPlusC("{to_last: b}", greedy: true))
        #expect(toLast.feed("b1 b2 b3 c") == ["b1 b2 b3 c", "b3 c"])
    }

    static func aBPlus(_ skip: String) -> String {
        """
        kind: pattern
        name: p
        within: 1m
        skip: \(skip)
        steps:
          - {name: a, on: a}
          - {name: b, on: b, one_or_more: true}
        """
    }

    /// Flink's table gives no_skip and to_next; the others follow from the same definitions.
    @Test(arguments: [
        ("no_skip", ["a b1", "a b1 b2", "a b1 b2 b3"]),
        ("to_next", ["a b1"]),
        ("past_last_event", ["a b1"]),
        ("{to_first: a}", ["a b1", "a b1 b2", "a b1 b2 b3"]),
        ("{to_first: b}", ["a b1"]),
        ("{to_last: b}", ["a b1"]),
    ])
    func aBPlusOverAB1B2B3(skip: String, expected: [String]) throws {
        var h = try MatchHarness(Self.aBPlus(skip))
        #expect(h.feed("a b1 b2 b3") == expected)
    }

    /// `(a | b | c) (b | c) c+.greedy d` over `a b c1 c2 c3 d`, all strict.
    static func choice(_ skip: String) -> String {
        """
        kind: pattern
        name: p
        skip: \(skip)
        within: 1m
        steps:
          - {name: x, on: [a, b, c]}
          - {name: y, on: [b, c], contiguity: strict}
          - {name: z, on: c, one_or_more: true, greedy: true, contiguity: strict, consecutive: true}
          - {name: d, on: d, contiguity: strict}
        """
    }

    @Test func noSkipVersusSkipToFirst() throws {
        var noSkip = try MatchHarness(Self.choice("no_skip"))
        #expect(noSkip.feed("a b c1 c2 c3 d") == ["a b c1 c2 c3 d", "b c1 c2 c3 d", "c1 c2 c3 d"])
        var toFirst = try MatchHarness(Self.choice("{to_first: z}"))
        #expect(toFirst.feed("a b c1 c2 c3 d") == ["a b c1 c2 c3 d", "c1 c2 c3 d"])
    }
}
