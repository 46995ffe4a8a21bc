import Foundation
import Testing
@testable import Engine
@testable import Mock

/// SPEC §8: a recorded file replays in file order, through the lateness rule of §2.
@Suite struct RecordedReplayTests {
    static func project(lateness: String) throws -> (Project, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-replay-\(UUID().uuidString)")
        for folder in ["features", "mocks/recorded"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let files = [
            "featide.yaml": "kind: project\nname: p\nallowed_lateness: \(lateness)\n",
            "features/f.yaml": "kind: feature\nname: prices\non: click\nvalue: params.p\nagg: last_k\nk: 10\nwindow: lifetime\nttl: 1d\n",
            // Written out of order, as a device might have logged them.
            "mocks/recorded/day.jsonl": """
                {"ts": 1000, "type": "click", "params": {"p": 1}}
                {"ts": 3000, "type": "click", "params": {"p": 3}}
                {"ts": 2000, "type": "click", "params": {"p": 2}}
                {"ts": 4000, "type": "click", "params": {"p": 4}}
                """,
            "mocks/s.yaml": """
                kind: scenario
                name: s
                start: 2026-11-21T10:00:00Z
                events:
                  - {at: 0s, type: click, params: {p: 0}}
                  - {file: recorded/day.jsonl}
                  - {at: 2500ms, type: click, params: {p: 25}}
                expect:
                  - {at: 10s, feature: prices, equals: [0]}
                """,
        ]
        for (path, text) in files {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        let result = ProjectLoader.load(root: root.path)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return (result.project, root.path)
    }

    @Test func aRecordingKeepsItsFileOrderMergedWithInlineEventsByTime() throws {
        let (project, root) = try Self.project(lateness: "0s")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = try #require(project.scenario(named: "s"))
        let timeline = ScenarioTimeline(scenario)
        #expect(timeline.events.map { $0.params[string: "p"].map(PlainJSON.text) ?? "" } == ["0", "1", "3", "2", "25", "4"])
        #expect(timeline.end == scenario.start + 3000)
    }

    @Test func anOutOfOrderRecordedEventIsLateAsOnTheDevice() throws {
        for (lateness, expected) in [("0s", "[0,1,3,25,4]"), ("2s", "[0,1,2,3,25,4]")] {
            let (project, root) = try Self.project(lateness: lateness)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let run = try ScenarioRunner.run(try #require(project.scenario(named: "s")), in: project)
            #expect(run.outcomes.first?.actual == expected, "allowed_lateness \(lateness)")
        }
    }
}
