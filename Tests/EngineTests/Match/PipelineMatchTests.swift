import Testing
@testable import Engine

/// Matching inside the engine pipeline: standardised events in `ts` order, late events
/// dropped before any pattern sees them, the clock firing timers.
@Suite struct PipelineMatchTests {
    static func pipeline(lateness: String) throws -> (EnginePipeline, TemporaryProject) {
        let files = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest + "allowed_lateness: \(lateness)\n",
            "patterns/p.yaml": """
                kind: pattern
                name: home_then_cart
                within: 1m
                on_timeout: emit
                steps:
                  - {name: home, on: page_enter, where: page == "home"}
                  - {name: cart, on: click, where: page == "cart"}
                """,
        ])
        let result = files.load()
        try #require(result.diagnostics.allSatisfy { $0.severity != .error })
        return (try EnginePipeline(project: result.project, consumed: []), files)
    }

    static let t0: Int64 = 1_700_000_000_000

    @Test func aLateEventIsDroppedBeforeMatching() throws {
        let (pipeline, files) = try Self.pipeline(lateness: "0s")
        defer { files.remove() }
        var matches: [PatternMatch] = []
        pipeline.onMatch = { matches.append($0) }
        pipeline.submit(Event(ts: Self.t0 + 10_000, type: "page_enter", page: "cart"))
        pipeline.submit(Event(ts: Self.t0 + 5_000, type: "page_enter", page: "home"))  // late
        pipeline.submit(Event(ts: Self.t0 + 11_000, type: "click"))
        pipeline.advance(to: Self.t0 + 20_000)
        #expect(pipeline.metrics.eventsLate == 1)
        #expect(matches.isEmpty)
    }

    @Test func eventsWithinLatenessAreMatchedInTimeOrder() throws {
        let (pipeline, files) = try Self.pipeline(lateness: "5s")
        defer { files.remove() }
        var matches: [PatternMatch] = []
        pipeline.onMatch = { matches.append($0) }
        pipeline.submit(Event(ts: Self.t0 + 1_000, type: "page_enter", page: "cart"))
        pipeline.submit(Event(ts: Self.t0 + 2_000, type: "click"))
        pipeline.submit(Event(ts: Self.t0, type: "page_enter", page: "home"))  // arrives last, happened first
        #expect(matches.isEmpty, "nothing is applied before the lateness has passed")
        pipeline.advance(to: Self.t0 + 10_000)
        #expect(matches.count == 1)
        // The click was standardised: its page comes from the behaviour tree.
        #expect(matches.first?.events(of: "cart").first?.page == "cart")
        #expect(matches.first?.ts == Self.t0 + 2_000)
    }

    @Test func theClockTimesOutPartialMatchesWithoutEvents() throws {
        let (pipeline, files) = try Self.pipeline(lateness: "0s")
        defer { files.remove() }
        var matches: [PatternMatch] = []
        pipeline.onMatch = { matches.append($0) }
        pipeline.submit(Event(ts: Self.t0, type: "page_enter", page: "home"))
        pipeline.advance(to: Self.t0 + 59_999)
        #expect(matches.isEmpty)
        pipeline.advance(to: Self.t0 + 60_000)
        #expect(matches.map(\.timedOut) == [true])
    }
}
