import Foundation
import Testing
@testable import Engine
@testable import Mock

@Suite struct ScenarioTimelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    @Test func expandsAtRelativeRepeatAndRecordedFiles() throws {
        let project = ProjectLoader.load(root: Self.root + "/projects/shopping").project
        let happy = try #require(project.scenario(named: "coupon_happy_path"))
        let offsets = ScenarioTimeline(happy).events.map { ($0.ts - happy.start) / 1000 }
        #expect(offsets == [0, 1, 2, 3, 4, 5, 6, 7, 11, 15, 19, 20])

        let cart = try #require(project.scenario(named: "cart_abandoned"))
        let timeline = ScenarioTimeline(cart)
        #expect(timeline.problems.isEmpty)
        // The recording starts at the scenario's start, whatever its own timestamps were.
        #expect(timeline.events.prefix(3).map { ($0.ts - cart.start, $0.type) }.elementsEqual(
            [(0, "app_start"), (1000, "page_enter"), (2000, "add_to_cart")], by: ==))
    }

    @Test func equalTimestampsKeepTheOrderWritten() throws {
        let scenario = Scenario(
            name: "s", description: nil, start: 1_000_000, device: nil, input: CELMap(), featureOverrides: [],
            events: [
                .event(.init(at: .absolute(.init(milliseconds: 5)), type: "b", context: [:], params: CELMap(), repeatCount: 1, every: nil, location: .init(file: "m", line: 1, column: 1))),
                .event(.init(at: .absolute(.init(milliseconds: 0)), type: "a", context: [:], params: CELMap(), repeatCount: 1, every: nil, location: .init(file: "m", line: 2, column: 1))),
                .event(.init(at: .absolute(.init(milliseconds: 5)), type: "c", context: [:], params: CELMap(), repeatCount: 1, every: nil, location: .init(file: "m", line: 3, column: 1))),
            ],
            generators: [], expectations: [], location: .init(file: "m", line: 1, column: 1))
        #expect(ScenarioTimeline(scenario).events.map(\.type) == ["a", "b", "c"])
    }
}
