import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// The instance's snapshots: a reopened state loads the newest snapshot and replays only the
/// events logged after it; a snapshot that cannot be used is passed over, never trusted.
@Suite struct EngineSnapshotTests {
    static let project: [String: String] = [
        "featide.yaml": "kind: project\nname: tiny\nversion: 1.0.0\nallowed_lateness: 1s\n",
        "features/clicks.yaml": """
            kind: feature
            name: clicks_10s
            on: click
            agg: count
            window: {sliding: 10s}
            ---
            kind: feature
            name: spend
            on: click
            value: params.price
            agg: sum
            window: lifetime
            group_by: params.item
            """,
    ]

    /// 20 clicks 700 ms apart from `first`, prices by position, two items.
    static func clicks(_ range: Range<Int>) -> [String] {
        range.map { #"{"ts":\#(1_700_000_000_000 + $0 * 700),"type":"click","params":{"price":\#($0 % 7),"item":"i\#($0 % 2)"}}"# }
    }

    final class State {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("featide-snap-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func open() throws -> EngineInstance {
            // No automatic snapshots: the test says when.
            try EngineInstance(stateDirectory: path, snapshots: SnapshotPolicy(events: .max, interval: .max))
        }
    }

    static func values(_ instance: EngineInstance) throws -> [String] {
        try [("clicks_10s", nil), ("spend", nil), ("spend", #""i1""#)].map { name, key in
            try instance.query(QueryParams(name: name, key: key)).get().value
        }
    }

    static func deploy(_ instance: EngineInstance) throws {
        let list = project.sorted { $0.key < $1.key }.map { DeployBundle.File(path: $0.key, content: Data($0.value.utf8).base64EncodedString()) }
        _ = try instance.deploy(DeployParams(bundle: DeployBundle(files: list, contentHash: ProjectBundle.contentHash(list)),
                                             author: "test", gate: [])).get()
    }

    @Test func aReopenedStateLoadsTheSnapshotAndReplaysOnlyWhatCameAfter() throws {
        let state = State()
        var first: EngineInstance? = try state.open()
        try Self.deploy(first!)
        _ = try first!.send(SendParams(events: Self.clicks(0..<30))).get()
        // The clicks of the last second (0.7 s apart: two) wait for allowed_lateness; the
        // snapshot keeps them waiting.
        #expect(first!.status(clients: 0).eventsPending == 2)
        first!.takeSnapshot(wait: true)
        _ = try first!.send(SendParams(events: Self.clicks(30..<42))).get()
        let before = try Self.values(first!)
        first = nil  // dropped without a word, as by kill -9

        let reopened = try state.open()
        #expect(reopened.counters.replayed == 12)
        #expect(reopened.counters.accepted == 42)
        #expect(try Self.values(reopened) == before)
    }

    @Test func anUnusableSnapshotIsPassedOverForTheOneBefore() throws {
        let state = State()
        var first: EngineInstance? = try state.open()
        try Self.deploy(first!)
        _ = try first!.send(SendParams(events: Self.clicks(0..<10))).get()
        first!.takeSnapshot(wait: true)
        _ = try first!.send(SendParams(events: Self.clicks(10..<25))).get()
        // A newer snapshot whose pipeline part is damaged.
        let instancePart = try JSONEncoder().encode(InstanceSnapshot(accepted: 25, rejected: 0, newestTs: nil, newestWall: nil))
        try first!.store.saveSnapshot(EngineStore.Snapshot(activation: first!.active!.activation, eventSeq: first!.lastEventSeq,
                                                           instance: instancePart, pipeline: Data("{\"format\":1,".utf8)), at: 0)
        let before = try Self.values(first!)
        first = nil

        let reopened = try state.open()
        #expect(reopened.counters.replayed == 15)
        #expect(try Self.values(reopened) == before)
        let warnings = try reopened.logs(LogsParams(level: "warn", grep: "snapshot", since: nil, follow: false, limit: nil)).get().entries
        #expect(warnings.count == 1)
        #expect(warnings.first?.line.contains("cannot be read") == true, "\(warnings)")
    }

    @Test func withNoUsableSnapshotEverythingIsReplayed() throws {
        let state = State()
        var first: EngineInstance? = try state.open()
        try Self.deploy(first!)
        _ = try first!.send(SendParams(events: Self.clicks(0..<20))).get()
        let before = try Self.values(first!)
        first = nil

        let reopened = try state.open()
        // The deploy's own snapshot is of the empty state: the 20 events come after it.
        #expect(reopened.counters.replayed == 20)
        #expect(try Self.values(reopened) == before)
    }
}
