import Testing
@testable import Engine

/// The contiguity tables of Flink's CEP documentation ("Combining Patterns", "Contiguity
/// within looping patterns", `consecutive()`, `allowCombinations()`).
@Suite struct ContiguityGoldenTests {
    static func twoSteps(_ contiguity: String) -> String {
        """
        kind: pattern
        name: p
        steps:
          - {name: a, on: a}
          - {name: b, on: b, contiguity: \(contiguity)}
        """
    }

    @Test func strictBetweenTwoStepsOverACB1B2MatchesNothing() throws {
        var h = try MatchHarness(Self.twoSteps("strict"))
        #expect(h.feed("a c b1 b2") == [])
    }

    @Test func relaxedTakesTheFirstMatchingEvent() throws {
        var h = try MatchHarness(Self.twoSteps("relaxed"))
        #expect(h.feed("a c b1 b2") == ["a b1"])
    }

    @Test func anyTakesEveryMatchingEvent() throws {
        var h = try MatchHarness(Self.twoSteps("any"))
        #expect(h.feed("a c b1 b2") == ["a b1", "a b2"])
    }

    /// `a b+ c`, `a` followedByAny `b+`, over `a b1 d1 b2 d2 b3 c`.
    static func loop(_ inner: String) -> String {
        """
        kind: pattern
        name: p
        within: 1m
        steps:
          - {name: a, on: a}
          - {name: b, on: b, contiguity: any, one_or_more: true\(inner)}
          - {name: c, on: c}
        """
    }

    @Test func consecutiveLoopIsBrokenByEveryD() throws {
        var h = try MatchHarness(Self.loop(", consecutive: true"))
        // Flink's table says {a b3 c}; the loop is broken by d1 and d2, but `c` follows `b+`
        // with relaxed contiguity, so b1 and b2 each complete `b+` and reach c past the d's —
        // the correction proposed in FLINK-28880. See docs/DECISIONS.md.
        #expect(Set(h.feed("a b1 d1 b2 d2 b3 c")) == ["a b1 c", "a b2 c", "a b3 c"])
    }

    @Test func relaxedLoopIgnoresTheDs() throws {
        var h = try MatchHarness(Self.loop(""))
        #expect(Set(h.feed("a b1 d1 b2 d2 b3 c"))
            == ["a b1 c", "a b1 b2 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c"])
    }

    @Test func combinationsInsideTheLoopAlsoSkipMatchingBs() throws {
        var h = try MatchHarness(Self.loop(", combinations: true"))
        #expect(Set(h.feed("a b1 d1 b2 d2 b3 c"))
            == ["a b1 c", "a b1 b2 c", "a b1 b3 c", "a b1 b2 b3 c", "a b2 c", "a b2 b3 c", "a b3 c"])
    }

    /// `c`, followedBy `a+` (with the given loop option), followedBy `b`, over `C D A1 A2 A3 D A4 B`.
    static func middle(_ options: String) -> String {
        """
        kind: pattern
        name: p
        within: 1m
        steps:
          - {name: start, on: c}
          - {name: middle, on: a, one_or_more: true\(options)}
          - {name: end1, on: b}
        """
    }

    @Test func consecutiveStopsAtTheSecondD() throws {
        var h = try MatchHarness(Self.middle(", consecutive: true"))
        #expect(Set(h.feed("c d a1 a2 a3 d a4 b")) == ["c a1 b", "c a1 a2 b", "c a1 a2 a3 b"])
    }

    @Test func withoutConsecutiveTheLoopReachesA4() throws {
        var h = try MatchHarness(Self.middle(""))
        #expect(Set(h.feed("c d a1 a2 a3 d a4 b")) == ["c a1 b", "c a1 a2 b", "c a1 a2 a3 b", "c a1 a2 a3 a4 b"])
    }

    static let combinationsFromA1: Set<String> = [
        "c a1 b", "c a1 a2 b", "c a1 a3 b", "c a1 a4 b", "c a1 a2 a3 b", "c a1 a2 a4 b", "c a1 a3 a4 b",
        "c a1 a2 a3 a4 b",
    ]

    @Test func combinationsAfterRelaxedStartAtTheFirstA() throws {
        // `followedBy("middle")` takes the first `a` after `c`; combinations apply between a's.
        var h = try MatchHarness(Self.middle(", combinations: true"))
        #expect(Set(h.feed("c d a1 a2 a3 d a4 b")) == Self.combinationsFromA1)
    }

    @Test func combinationsAfterAnyAlsoStartAtLaterAs() throws {
        // The current Flink table also lists matches starting at a2, a3 and a4: that is what
        // `contiguity: any` on the loop's first event adds.
        var h = try MatchHarness(Self.middle(", combinations: true, contiguity: any"))
        let fromLater: Set<String> = ["c a2 b", "c a2 a3 b", "c a2 a4 b", "c a2 a3 a4 b", "c a3 b", "c a3 a4 b", "c a4 b"]
        #expect(Set(h.feed("c d a1 a2 a3 d a4 b")) == Self.combinationsFromA1.union(fromLater))
    }
}
