import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// What a play leaves in the engine's log, in process: its records tagged with the scenario,
/// at most the log's retention of them, and a `play` record that says how many were left out.
@Suite struct PlayLogTests {
    static let project: [String: String] = [
        "featide.yaml": "kind: project\nname: tiny\nversion: 1.0.0\n",
        "features/clicks.yaml": "kind: feature\nname: clicks\non: click\nagg: count\nwindow: {sliding: 10m}\n",
        "patterns/each_click.yaml": "kind: pattern\nname: each_click\nsteps:\n  - {name: c, on: click}\n",
        "mocks/s.yaml": """
            kind: scenario
            name: s
            start: 2026-11-21T10:00:00Z
            events:
              - {repeat: 10, every: 1s, type: click}
            expect:
              - {pattern: each_click, count: 10}

            """,
    ]

    @Test func aPlayLogsAtMostTheRetentionOfItsRecordsAndSaysHowManyItLeftOut() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("featide-playlog-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let instance = try EngineInstance(stateDirectory: state, logRetention: 4)
        let deployed = instance.deploy(DeployParams(bundle: RPCDispatcherTests.bundle(Self.project), author: "test", gate: []))
        #expect((try? deployed.get()) != nil)
        let played = try instance.play(PlayParams(scenario: "s", listEvents: 3)).get()
        // One match per click (1 s … 10 s), then the final features record.
        #expect(played.records.count == 11)
        #expect(played.events?.map { ($0.ts - played.start) / 1000 } == [1, 2, 3])
        #expect(played.moreEvents == 7)
        let entries = try instance.logs(LogsParams(level: nil, grep: nil, since: nil, follow: false, limit: 100)).get().entries
        // Four were logged (the first four matches), six left out; the log keeps its last four rows.
        #expect(entries.last?.line == #"{"record":"play","scenario":"s","version":1,"passed":1,"failed":0,"logged":4,"not_logged":6}"#)
        let tagged = entries.dropLast().map(\.line)
        #expect(tagged == played.records[1..<4].map { "{\"play\":\"s\"," + $0.line.dropFirst() })
        #expect(entries.dropLast().map(\.ts) == played.records[1..<4].map(\.ts))
    }

    /// A client that asks for at most N records gets the first N, the final values, and how
    /// many it did not get; without asking it gets them all.
    @Test func aPlayListsAtMostTheRecordsAskedForAndTheFinalValues() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("featide-playlog-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let instance = try EngineInstance(stateDirectory: state)
        _ = try instance.deploy(DeployParams(bundle: RPCDispatcherTests.bundle(Self.project), author: "test", gate: [])).get()
        let all = try instance.play(PlayParams(scenario: "s")).get()
        #expect(all.moreRecords == nil)
        let capped = try instance.play(PlayParams(scenario: "s", listRecords: 3)).get()
        #expect(capped.records.map(\.line) == all.records.prefix(3).map(\.line) + [all.records.last!.line])
        #expect(capped.records.last?.line.hasPrefix(#"{"record":"features""#) == true)
        #expect(capped.moreRecords == 7)
        // The verdicts do not depend on what was listed.
        #expect(capped.outcomes.map(\.ts) == all.outcomes.map(\.ts))
        #expect(capped.outcomes.map(\.passed) == all.outcomes.map(\.passed))
    }
}
