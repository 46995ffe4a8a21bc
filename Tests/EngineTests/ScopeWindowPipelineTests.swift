import Testing
@testable import Engine

/// SPEC §5 through the pipeline: `scope` windows follow the behaviour tree as it is at the
/// time of the query.
@Suite struct ScopeWindowPipelineTests {
    static func pipeline(_ level: TreeLevel) throws -> EnginePipeline {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = [aggregationFeature("clicks", .count, .scope(level), on: ["click"])]
        return try EnginePipeline(project: project, consumed: ["clicks"])
    }

    @Test func aSceneEnterEmptiesPageScopeAtOnce() throws {
        let p = try Self.pipeline(.page)
        p.submit(Event(ts: 0, type: "page_enter", page: "a"))
        p.submit(Event(ts: 1, type: "click"))
        #expect(same(p.value(of: "clicks", at: 1), .int(1)))
        p.submit(Event(ts: 2, type: "scene_enter", scene: "s"))
        #expect(same(p.value(of: "clicks", at: 2), .int(0)))
        p.submit(Event(ts: 3, type: "click"))
        #expect(same(p.value(of: "clicks", at: 3), .int(1)))
    }

    @Test func aScopeWindowIsEmptyOnceItsSessionEnded() throws {
        for level in TreeLevel.allCases {
            let p = try Self.pipeline(level)
            p.submit(Event(ts: 0, type: "click"))
            p.submit(Event(ts: 1_000, type: "click"))
            #expect(same(p.value(of: "clicks", at: 1_000), .int(2)), "\(level)")
            // The default session_gap is 30 minutes.
            #expect(same(p.value(of: "clicks", at: 1_000 + 30 * 60_000), .int(0)), "\(level)")
            p.submit(Event(ts: 2_000_000, type: "app_end"))
            p.submit(Event(ts: 2_000_001, type: "click"))
            #expect(same(p.value(of: "clicks", at: 2_000_001), .int(1)), "\(level)")
        }
    }
}
