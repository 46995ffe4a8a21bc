import Testing
@testable import Engine

/// Partial matches never grow without bound: `max_partial_matches` drops the oldest, and
/// `within` prunes what can no longer match.
@Suite struct BoundedStateTests {
    static let neverCompletes = """
        kind: pattern
        name: waits_forever
        max_partial_matches: 100
        steps:
          - {name: a, on: a}
          - {name: b, on: b}
        """

    @Test func aMillionEventsKeepLivePartialMatchesAndMemoryBounded() throws {
        let h = try MatchHarness(Self.neverCompletes)
        let matcher = try #require(h.matchers.matcher(named: "waits_forever"))
        var bytesAtHalf = 0, eventsAtHalf = 0, allBytesAtHalf = 0
        var largestLive = 0
        for i in 0..<1_000_000 {
            h.matchers.process(MatchHarness.event("a", at: MatchHarness.start + Int64(i))) { _ in }
            if i % 1_000 == 0 { largestLive = max(largestLive, matcher.livePartialMatches) }
            if i == 500_000 {
                (bytesAtHalf, eventsAtHalf, allBytesAtHalf) = (matcher.bytesHeld, matcher.bufferedEvents, h.matchers.bytesHeld)
            }
        }
        #expect(largestLive <= 100)
        #expect(matcher.livePartialMatches == 100)
        #expect(matcher.stats.dropped == 1_000_000 - 100)
        #expect(matcher.bufferedEvents == 100 && eventsAtHalf == 100)
        #expect(matcher.bytesHeld == bytesAtHalf, "storage stopped growing after the bound was reached")
        #expect(matcher.bytesHeld < 64 * 1024)
        // With the events, stored once for all patterns.
        #expect(h.matchers.heldEvents == 100)
        #expect(h.matchers.bytesHeld == allBytesAtHalf, "event storage stopped growing too")
        #expect(h.matchers.bytesHeld < 64 * 1024)
        #expect(h.found.isEmpty)
    }

    @Test func withinPrunesWithoutDropping() throws {
        let h = try MatchHarness("""
            kind: pattern
            name: p
            within: 1s
            steps:
              - {name: a, on: a}
              - {name: b, on: b}
            """)
        let matcher = try #require(h.matchers.matcher(named: "p"))
        for i in 0..<20_000 { h.matchers.process(MatchHarness.event("a", at: MatchHarness.start + Int64(i))) { _ in } }
        #expect(matcher.livePartialMatches == 1_000)
        #expect(matcher.stats.dropped == 0 && matcher.stats.timedOut == 19_000)
    }

    @Test func overlappingPartialMatchesShareTheirEvents() throws {
        // Five a's each start a match, then every b extends all of them: one stored copy per event.
        var h = try MatchHarness("""
            kind: pattern
            name: p
            within: 1m
            steps:
              - {name: a, on: a, contiguity: any}
              - {name: b, on: b, contiguity: any, one_or_more: true, combinations: true}
              - {name: c, on: c}
            """)
        h.feed("a1 a2 a3 b1 b2")
        let matcher = try #require(h.matchers.matcher(named: "p"))
        #expect(matcher.livePartialMatches > 10)
        #expect(matcher.bufferedEvents == 5)
    }
}
