import Foundation
import Testing
@testable import Engine
@testable import Mock

/// A run reads its events as it consumes them and hands out records as they happen
/// (issue 13): nothing of a recording is laid out ahead, no record is held to the end.
@Suite struct ScenarioStreamingTests {
    static func project(recorded: String, events: String, expect: String = "[]") throws -> (Project, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-stream-\(UUID().uuidString)")
        for folder in ["features", "patterns", "mocks/recorded"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let files = [
            "featide.yaml": "kind: project\nname: p\n",
            "features/f.yaml": "kind: feature\nname: pings\non: ping\nagg: count\nwindow: lifetime\n",
            "patterns/p.yaml": "kind: pattern\nname: ping_pong\nwithin: 1m\nsteps:\n  - {name: a, on: ping}\n  - {name: b, on: pong}\n",
            "mocks/recorded/day.jsonl": recorded,
            "mocks/s.yaml": "kind: scenario\nname: s\nstart: 2026-11-21T10:00:00Z\nevents:\n\(events)\nexpect: \(expect)\n",
        ]
        for (path, text) in files {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        let result = ProjectLoader.load(root: root.path)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return (result.project, root.path)
    }

    static func line(_ ts: Int, _ type: String) -> String { "{\"ts\": \(ts), \"type\": \"\(type)\"}\n" }

    @Test func recordsReachTheCallerWhileTheRecordingIsStillBeingRead() throws {
        let recorded = Self.line(1000, "ping") + Self.line(2000, "pong")
            + Self.line(3000, "noise") + Self.line(4000, "noise") + Self.line(5000, "noise")
        let (project, root) = try Self.project(recorded: recorded, events: "  - {file: recorded/day.jsonl}",
                                               expect: "[{pattern: ping_pong, count: 2}]")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let file = root + "/mocks/recorded/day.jsonl"
        var matches = 0
        // Decoded on demand: decoding ahead reads a bounded number of batches beyond what the
        // run consumed (DecodeAheadReaderTests), which would take in this small file whole.
        let verdict = try ScenarioRunner.stream(try #require(project.scenario(named: "s")), in: project,
                                                decodeAhead: false) { record in
            guard case .match = record else { return }
            matches += 1
            // Written after the first match was handed out: replayed only if the run streams.
            if matches == 1, let handle = FileHandle(forWritingAtPath: file) {
                handle.seekToEndOfFile()
                handle.write(Data((Self.line(6000, "ping") + Self.line(7000, "pong")).utf8))
                try? handle.close()
            }
        }
        #expect(matches == 2)
        #expect(verdict.passed, "\(verdict.outcomes.map(\.actual))")
    }

    @Test func anInlineEventAfterARecordingFollowsItsLastEventInFileOrder() throws {
        let recorded = Self.line(1000, "ping") + Self.line(3000, "ping") + Self.line(2000, "ping")
        let (project, root) = try Self.project(
            recorded: recorded, events: "  - {file: recorded/day.jsonl}\n  - {at: +500ms, type: pong}\n  - {type: pong}")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = try #require(project.scenario(named: "s"))
        let stream = ScenarioEventStream(scenario)
        let laidOut = stream.map { "\($0.ts - scenario.start) \($0.type)" }
        // The file's last event (in file order) is at 1000; `+500ms` counts from there.
        #expect(laidOut == ["0 ping", "1500 pong", "1500 pong", "2000 ping", "1000 ping"])
        #expect(stream.end == scenario.start + 2000)
    }

    @Test func manyInlineSourcesAndARecordingMergeByTimeThenByOrderWritten() throws {
        let recorded = Self.line(0, "r") + Self.line(2000, "r")
        let inline = (0..<20).map { "  - {at: \(($0 * 7) % 5)s, type: i\($0)}" }.joined(separator: "\n")
        let (project, root) = try Self.project(recorded: recorded, events: "  - {file: recorded/day.jsonl}\n" + inline)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = try #require(project.scenario(named: "s"))
        var expected: [(Int, Int, String)] = [(0, 0, "r"), (2000, 0, "r")]
        for i in 0..<20 { expected.append((((i * 7) % 5) * 1000, i + 1, "i\(i)")) }
        expected.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(ScenarioEventStream(scenario).map(\.type) == expected.map(\.2))
    }
}
