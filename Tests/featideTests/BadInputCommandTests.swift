import Foundation
import Testing

/// SPEC §2, §8: times near the ends of Int64 and broken recordings are located errors of
/// `featide check` (and stop `featide test` before it runs), never a crash.
@Suite struct BadInputCommandTests {
    /// A project in a temporary folder: path → bytes.
    static func project(_ files: [String: [UInt8]]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-bad-\(UUID().uuidString)")
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root.path
    }

    static let base: [String: [UInt8]] = [
        "featide.yaml": Array("kind: project\nname: p\n".utf8),
        "features/f.yaml": Array("kind: feature\nname: clicks\non: click\nagg: count\nwindow: lifetime\nttl: 1d\n".utf8),
    ]

    static func scenario(events: String, expect: String = "  - {at: 1s, feature: clicks, equals: 1}") -> [UInt8] {
        Array("kind: scenario\nname: s\nstart: 2026-11-21T10:00:00Z\nevents:\n\(events)\nexpect:\n\(expect)\n".utf8)
    }

    @Test func timesNearTheEndsOfInt64AreLocatedErrors() throws {
        var files = Self.base
        files["mocks/s.yaml"] = Self.scenario(
            events: """
              - {at: 0s, type: click}
              - {at: 106751991167d, type: click}
              - {repeat: 3, every: 106751991167d, type: click}
              - {file: recorded/r.jsonl}
            """,
            expect: "  - {at: 106751991167d, feature: clicks, equals: 1}")
        files["mocks/recorded/r.jsonl"] = Array("""
            {"ts": 1, "type": "click"}
            {"ts": 9223372036854775807, "type": "click"}
            {"ts": -9223372036854775808, "type": "click"}

            """.utf8)
        let root = try Self.project(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let check = try FeatideBinary.run(["check", root])
        #expect(check.status == 1)
        let range = "expected event times from 1970 to the end of year 9999"
        let tsRange = "out of range; expected milliseconds since the epoch from 0 to 253402300799999 (the end of year 9999)"
        #expect(check.stdout == """
            mocks/recorded/r.jsonl:2:8: error: recorded event: field "ts": \(tsRange)
            mocks/recorded/r.jsonl:3:8: error: recorded event: field "ts": \(tsRange)
            mocks/s.yaml:6:5: error: this event falls outside the event time range; \(range)
            mocks/s.yaml:7:5: error: this event falls outside the event time range; \(range)
            mocks/s.yaml:10:5: error: this expectation's time falls outside the event time range; \(range)
            5 errors, 0 warnings

            """)
        let test = try FeatideBinary.run(["test", root])
        #expect(test.status == 1)  // refused with the same errors, not a trap (132)
        #expect(test.stderr.contains("mocks/s.yaml:6:5: error:"))
    }

    @Test func recordedFilesAreValidatedByCheck() throws {
        var files = Self.base
        files["mocks/s.yaml"] = Self.scenario(events: """
              - {file: recorded/good.jsonl}
              - {file: recorded/bad.jsonl}
              - {file: recorded/empty.jsonl}
              - {file: recorded/many.jsonl}
            """)
        files["mocks/recorded/good.jsonl"] = [0xEF, 0xBB, 0xBF] + Array(#"{"ts": 1, "type": "click"}"#.utf8) + [0x0A]
        files["mocks/recorded/bad.jsonl"] = Array(#"{"ts": 1, "type": "cl"#.utf8) + [0xFF] + Array("ck\"}\n{\"ts\": 2}\n".utf8)
        files["mocks/recorded/empty.jsonl"] = []
        files["mocks/recorded/many.jsonl"] = Array(String(repeating: "not json\n", count: 120).utf8)
        let root = try Self.project(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lines = try FeatideBinary.run(["check", root]).stdout.split(separator: "\n").map(String.init)
        #expect(!lines.contains { $0.hasPrefix("mocks/recorded/good.jsonl") })  // the BOM is skipped
        #expect(lines.contains("mocks/recorded/bad.jsonl:1:22: error: recorded event: invalid UTF-8; expected UTF-8 text"))
        #expect(lines.contains(#"mocks/recorded/bad.jsonl:2:1: error: recorded event: field "type": missing; expected a non-empty string"#))
        #expect(lines.contains("mocks/s.yaml:7:12: warning: recorded events 'mocks/recorded/empty.jsonl' hold no event; expected JSON Lines, one event per line"))
        let many = lines.filter { $0.hasPrefix("mocks/recorded/many.jsonl") }
        #expect(many.count == 101)
        #expect(many.last == "mocks/recorded/many.jsonl:101:1: error: 20 more errors in this file not shown")
        #expect(lines.last == "103 errors, 1 warning")
    }
}
