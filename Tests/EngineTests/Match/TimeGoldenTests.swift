import Testing
@testable import Engine

/// `within`, absence steps and the clock: timers fire when time passes, with or without events.
@Suite struct TimeGoldenTests {
    static let t0 = MatchHarness.start
    static func at(_ seconds: Double, _ name: String, page: String? = nil) -> Event {
        var event = MatchHarness.event(name, at: t0 + Int64(seconds * 1000))
        event.page = page
        return event
    }

    @Test func withinTimesOutWithNoFurtherEvents() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 10s
            on_timeout: emit
            steps:
              - {name: a, on: a}
              - {name: b, on: b}
            """)
        h.feed([Self.at(0, "a1")])
        let matcher = try #require(h.matchers.matcher(named: "p"))
        #expect(matcher.livePartialMatches == 1)
        #expect(h.advance(to: Self.t0 + 9_999) == [])
        #expect(h.advance(to: Self.t0 + 10_000) == ["timeout: a1"])
        #expect(matcher.livePartialMatches == 0 && matcher.bufferedEvents == 0)
        #expect(h.found.last?.ts == Self.t0 + 10_000)
    }

    @Test func aTimedOutLoopIsReportedOnceThoughTwoBranchesHoldIt() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 10s
            on_timeout: emit
            steps:
              - {name: a, on: a}
              - {name: b, on: b, one_or_more: true}
              - {name: c, on: c}
            """)
        h.feed([Self.at(0, "a1"), Self.at(1, "b1")])
        #expect(h.matchers.matcher(named: "p")?.livePartialMatches == 2)
        #expect(h.advance(to: Self.t0 + 10_000) == ["timeout: a1 b1"])
    }

    @Test func anEventAtTheWindowEndIsTooLate() throws {
        // last.ts - first.ts < within: b1 exactly 10 s after a1 does not complete the match.
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 10s
            steps:
              - {name: a, on: a}
              - {name: b, on: b}
            """)
        #expect(h.feed([Self.at(0, "a1"), Self.at(10, "b1")]) == [])
        #expect(h.feed([Self.at(11, "a2"), Self.at(20.999, "b2")]) == ["a2 b2"])
        #expect(h.matchers.matcher(named: "p")?.stats.timedOut == 1)
    }

    static let cartAbandon = """
        kind: pattern
        name: cart_abandon
        steps:
          - {name: added, on: add_to_cart}
          - {name: no_checkout, on: checkout, not: followed_by, for: 5m}
        """

    @Test func absenceCompletesWhenTheClockPassesWithoutEvents() throws {
        var h = try MatchHarness(Self.cartAbandon)
        h.feed([Self.at(0, "add_to_cart")])
        #expect(h.advance(to: Self.t0 + 299_999) == [])
        #expect(h.advance(to: Self.t0 + 300_000) == ["add_to_cart"])
        #expect(h.found.last?.ts == Self.t0 + 300_000)
        #expect(h.found.last?.steps.map(\.name) == ["added"])
    }

    @Test func anEventOfAnotherTypeAlsoMovesTheClock() throws {
        var h = try MatchHarness(Self.cartAbandon)
        #expect(h.feed([Self.at(0, "add_to_cart"), Self.at(301, "page_enter")]) == ["add_to_cart"])
    }

    @Test func anAbsenceAfterAGreedyLoopStartsFromItsLastEvent() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 1m
            steps:
              - {name: clicks, on: click, one_or_more: true, greedy: true}
              - {name: quiet, on: scroll, not: followed_by, for: 10s}
              - {name: end, on: close}
            """)
        // click2 continues the greedy loop, so no match counts its quiet time from click1 alone.
        h.feed([Self.at(0, "click1"), Self.at(5, "click2"), Self.at(20, "close")])
        #expect(h.found.map(MatchHarness.describe) == ["click1 click2 close", "click2 close"])
    }

    @Test func aMatchingEventCancelsTheAbsence() throws {
        var h = try MatchHarness(Self.cartAbandon)
        #expect(h.feed([Self.at(0, "add_to_cart"), Self.at(60, "checkout")]) == [])
        #expect(h.advance(to: Self.t0 + 3_600_000) == [])
    }

    @Test func notFollowedByLastWithWithinWaitsForTheWindowToClose() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 10s
            steps:
              - {name: a, on: a}
              - {name: b, on: b}
              - {name: no_c, on: c, not: followed_by}
            """)
        h.feed([Self.at(0, "a1"), Self.at(1, "b1"), Self.at(2, "c"), Self.at(3, "a2"), Self.at(4, "b2")])
        #expect(h.advance(to: Self.t0 + 12_999) == [])
        #expect(h.advance(to: Self.t0 + 13_000) == ["a2 b2"])
    }

    @Test func notNextLooksOnlyAtTheNextEvent() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a}
              - {name: no_x, on: x, not: next}
              - {name: b, on: b}
            """)
        #expect(h.feed("a1 x b1") == [])
        #expect(h.feed("a2 y x b2") == ["a2 b2"])
    }

    @Test func notFollowedByInTheMiddleEndsTheMatchAnywhereBeforeTheNextStep() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a}
              - {name: no_x, on: x, not: followed_by}
              - {name: b, on: b}
            """)
        #expect(h.feed("a1 y x b1") == [])
        #expect(h.feed("a2 y b2 x") == ["a2 b2"])
    }

    // The seed example: enter A, then B, stay at least 10 s, back to A.

    static let byCondition = """
        kind: pattern
        name: back_to_a
        within: 60s
        skip: past_last_event
        steps:
          - {name: a, on: page_enter, where: page == "A"}
          - {name: b, on: page_enter, where: page == "B"}
          - {name: stay, on: click, times: {min: 1}, greedy: true}
          - {name: back, on: page_enter, where: page == "A" && ts - b.ts >= 10000}
        """

    static let byAbsence = """
        kind: pattern
        name: back_to_a
        within: 60s
        skip: past_last_event
        steps:
          - {name: a, on: page_enter, where: page == "A"}
          - {name: b, on: page_enter, where: page == "B"}
          - {name: stay, on: page_enter, not: followed_by, for: 10s}
          - {name: back, on: page_enter, where: page == "A"}
        """

    static func visit(backAfter seconds: Double) -> [Event] {
        [Self.at(0, "page_enter", page: "A"), Self.at(1, "page_enter", page: "B"), Self.at(3, "click"),
         Self.at(6, "click"), Self.at(1 + seconds, "page_enter", page: "A")]
    }

    @Test(arguments: [byCondition, byAbsence])
    func seedExampleMatchesAfterTenSeconds(pattern: String) throws {
        var h = try MatchHarness(pattern)
        #expect(h.feed(Self.visit(backAfter: 12)).count == 1)
        let match = try #require(h.found.first)
        #expect(match.events(of: "b").map(\.ts) == [Self.t0 + 1_000])
        #expect(match.events(of: "back").map(\.ts) == [Self.t0 + 13_000])
        #expect(match.ts == Self.t0 + 13_000)
    }

    @Test(arguments: [byCondition, byAbsence])
    func seedExampleDoesNotMatchTooSoon(pattern: String) throws {
        var h = try MatchHarness(pattern)
        #expect(h.feed(Self.visit(backAfter: 7)) == [])
        #expect(h.advance(to: Self.t0 + 120_000) == [])
    }

    @Test func byConditionTheStayKeepsEveryClick() throws {
        var h = try MatchHarness(Self.byCondition)
        h.feed(Self.visit(backAfter: 12))
        #expect(h.found.first?.events(of: "stay").map(\.ts) == [Self.t0 + 3_000, Self.t0 + 6_000])
    }

    @Test func exactlyTenSecondsIsEnough() throws {
        var h = try MatchHarness(Self.byAbsence)
        #expect(h.feed(Self.visit(backAfter: 10)).count == 1)
    }
}
