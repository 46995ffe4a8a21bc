import Foundation
import Testing
@testable import Engine
@testable import Mock

/// Decoding a recording on its own thread (`DecodeAheadReader` behind the scenario stream)
/// must change nothing a user sees: the same records in the same order, the same problems
/// at the same lines and columns, over seeded recordings with out-of-order events (through
/// the lateness buffer) and malformed lines in the middle.
@Suite struct DecodeAheadRunTests {
    static func project(recorded: [UInt8]) throws -> (Project, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-ahead-\(UUID().uuidString)")
        for folder in ["features", "patterns", "mocks/recorded"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let features = [
            "kind: feature\nname: clicks_1m\non: click\nagg: count\nwindow: {sliding: 1m}\n",
            "kind: feature\nname: amount_10m\non: click\nvalue: params.price\nagg: sum\nwindow: {sliding: 10m}\n",
            "kind: feature\nname: last_items\non: click\nvalue: params.item\nagg: last_k\nk: 5\nwindow: lifetime\nttl: 1d\n",
            "kind: feature\nname: pages\non: [click, page_enter]\nvalue: page\nagg: histogram\nwindow: {tumbling: 1h}\n",
            "kind: feature\nname: tags\non: click\nvalue: params.tag\nagg: distinct_count\nwindow: lifetime\nttl: 1d\n",
        ].joined(separator: "---\n")
        let files = [
            "featide.yaml": "kind: project\nname: p\nallowed_lateness: 2s\n",
            "features/f.yaml": features,
            "patterns/p.yaml": """
                kind: pattern
                name: browse_then_buy
                within: 1m
                steps:
                  - {name: a, on: page_enter}
                  - {name: b, on: click, where: params.price > 50.0}
                  - {name: c, on: purchase}
                """,
            "mocks/s.yaml": """
                kind: scenario
                name: s
                start: 2026-11-21T10:00:00Z
                events:
                  - {file: recorded/day.jsonl}
                  - {at: +1s, type: purchase}
                expect:
                  - {at: 30m, feature: clicks_1m, null: true}
                  - {at: 1h, feature: tags, null: true}
                  - {pattern: browse_then_buy, count: 0}
                """,
        ]
        for (path, text) in files {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try Data(recorded).write(to: root.appendingPathComponent("mocks/recorded/day.jsonl"))
        let result = ProjectLoader.load(root: root.path)
        return (result.project, root.path)
    }

    /// Seeded lines, some out of order by up to 4 s (so some are late at 2 s lateness), with
    /// bad lines (invalid JSON, a bad field, invalid UTF-8) spread through the middle.
    static func recording(seed: UInt64, count: Int) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let types = ["click", "click", "click", "page_enter", "purchase", "scroll"]
        let pages = ["home", "product", "cart", "search"]
        var bytes: [UInt8] = []
        var ts: Int64 = 1_732_183_200_000
        for i in 0..<count {
            ts += Int64(random.next() % 400)
            let jitter = random.next() % 10 == 0 ? -Int64(random.next() % 4_000) : 0
            let type = types[Int(random.next() % UInt64(types.count))]
            var line = #"{"ts": \#(ts + jitter), "type": "\#(type)", "page": "\#(pages[Int(random.next() % 4)])""#
            if type == "click" {
                let price = Double(random.next() % 10_000) / 100
                line += #", "params": {"item": "sku\#(random.next() % 300)", "price": \#(price), "tag": "t\#(random.next() % 50)"}"#
            }
            line += "}"
            switch i % 997 {
            case 500: line = #"{"ts": \#(ts), "type": }"#
            case 700: line = #"{"ts": "soon", "type": "click"}"#
            default: break
            }
            bytes += Array(line.utf8)
            if i % 1_499 == 900 { bytes.insert(0xFF, at: bytes.count - 3) }
            bytes.append(0x0A)
        }
        return bytes
    }

    static func run(_ project: Project, decodeAhead: Bool) throws -> (records: [String], problems: [String], outcomes: [String]) {
        let scenario = try #require(project.scenario(named: "s"))
        var records: [String] = []
        let verdict = try ScenarioRunner.stream(scenario, in: project, decodeAhead: decodeAhead) { records.append($0.jsonLine) }
        return (records, verdict.problems, verdict.outcomes.map { "\($0.passed) \($0.actual)" })
    }

    @Test(arguments: [(UInt64(1), 3_000), (UInt64(2), 12_000)])
    func aRunDecodingAheadWritesExactlyWhatASingleThreadedRunWrites(seed: UInt64, count: Int) throws {
        let (project, root) = try Self.project(recorded: Self.recording(seed: seed, count: count))
        defer { try? FileManager.default.removeItem(atPath: root) }
        let single = try Self.run(project, decodeAhead: false)
        let ahead = try Self.run(project, decodeAhead: true)
        #expect(single.records.count > 10)
        #expect(ahead.records == single.records)
        #expect(ahead.problems == single.problems)
        #expect(ahead.outcomes == single.outcomes)
        // The bad lines were reported where they are, in file order, and the run went on past them.
        #expect(single.problems.contains { $0.hasPrefix("recorded/day.jsonl:line 501:") && $0.contains("invalid JSON") })
        #expect(single.problems.contains { $0.hasPrefix("recorded/day.jsonl:line 701:") && $0.contains("field \"ts\"") })
        #expect(single.problems.contains { $0.hasPrefix("recorded/day.jsonl:line 901:") && $0.contains("invalid UTF-8") })
        #expect(single.problems.count >= 3 * (count / 1_500))
    }
}
