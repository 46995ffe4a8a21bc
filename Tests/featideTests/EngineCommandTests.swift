import EngineProtocol
import Foundation
import Testing

/// The engine instance end to end: a real `featide engine` process, the real CLI, real sockets.
@Suite struct EngineCommandTests {
    static let names = ["clicks", "spend", "items"]

    static func values(_ engine: EngineProcess) throws -> [String] {
        let client = try engine.client()
        return try names.map { try client.call(.query, QueryParams(name: $0, key: nil), as: QueryResult.self).value }
            + ["\"sku3\"", "\"sku5\""].map { try client.call(.query, QueryParams(name: "spend_by_item", key: $0), as: QueryResult.self).value }
    }

    static func send(_ events: [String], to engine: EngineProcess) throws -> SendResult {
        try engine.client().call(.send, SendParams(events: events), as: SendResult.self)
    }

    /// A user's path with the project's local instance: deploy starts it, events go in, values
    /// come out, a second version adds a feature, rollback takes it away again.
    @Test func deploySendQueryAndRollBackWithTheLocalInstance() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        defer { _ = try? FeatideBinary.run(["status", "--project", root]).stdout.split(separator: " ").dropFirst(3).first.map { kill(pid_t($0.dropLast(1))!, SIGTERM) } }
        let deploy = try FeatideBinary.run(["deploy", root])
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stderr.contains("started the project's local engine"))
        #expect(deploy.stdout.contains("plan: features: = 0 kept, ~ 0 reset, + 4 new, - 0 removed"))
        #expect(deploy.stdout.contains("deployed version 1"))
        #expect(FileManager.default.fileExists(atPath: root + "/.featide/.gitignore"))
        let mode = try FileManager.default.attributesOfItem(atPath: root + "/.featide/engine/token")[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let events = root + "/events.jsonl"
        try (EngineTestProject.clicks(0..<5) + ["{\"ts\": 1, \"type\": }"]).joined(separator: "\n").write(toFile: events, atomically: true, encoding: .utf8)
        let send = try FeatideBinary.run(["send", events, "--project", root])
        #expect(send.stdout == "5 accepted, 0 late, 1 rejected\n")
        #expect(send.stderr.contains("\(events):6:"), "\(send.stderr)")
        #expect(try FeatideBinary.run(["query", "clicks", "--project", root]).stdout == "5\n")
        #expect(try FeatideBinary.run(["query", "spend_by_item", "\"sku3\"", "--project", root]).stdout == "3\n")
        let unknown = try FeatideBinary.run(["query", "clickz", "--project", root])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("unknown feature 'clickz'"))

        try "kind: feature\nname: taps\non: tap\nagg: count\nwindow: {sliding: 1h}\n".write(toFile: root + "/features/taps.yaml", atomically: true, encoding: .utf8)
        // --plan says what a deploy would do and deploys nothing.
        let planned = try FeatideBinary.run(["deploy", root, "--plan"])
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("plan: features: = 4 kept, ~ 0 reset, + 1 new, - 0 removed"), "\(planned.stdout)")
        #expect(planned.stdout.contains("would deploy version 2"), "\(planned.stdout)")
        #expect(try FeatideBinary.run(["query", "taps", "--project", root]).status == 1, "not live after --plan")
        let second = try FeatideBinary.run(["deploy", root])
        #expect(second.stdout.contains("plan: features: = 4 kept, ~ 0 reset, + 1 new, - 0 removed"), "\(second.stdout)")
        #expect(try FeatideBinary.run(["query", "clicks", "--project", root]).stdout == "5\n")  // kept across the deploy
        #expect(try FeatideBinary.run(["query", "taps", "--project", root]).stdout == "0\n")
        #expect(try FeatideBinary.run(["rollback", "--project", root]).stdout.hasPrefix("rolled back to version 1"))
        #expect(try FeatideBinary.run(["query", "taps", "--project", root]).status == 1)
        let list = try FeatideBinary.run(["deployments", "--project", root]).stdout.split(separator: "\n")
        #expect(list.count == 2)
        #expect(list.first?.hasPrefix("* 1 ") == true)
    }

    /// `featide send` reads a file as `featide check` does: a byte-order mark is skipped,
    /// `\r\n` ends lines, a line of invalid UTF-8 is rejected at its line and column and the
    /// others still go in.
    @Test func sendSkipsAByteOrderMarkAndRejectsInvalidUTF8AtItsLine() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        let clicks = EngineTestProject.clicks(0..<4).map { Array($0.utf8) }
        var file: [UInt8] = [0xEF, 0xBB, 0xBF] + clicks[0] + Array("\r\n".utf8) + clicks[1] + [0x0A]
        file += Array(#"{"ts":1,"type":"caf"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8) + [0x0A]
        file += clicks[2] + [0x0A, 0x0A] + clicks[3]
        let events = root + "/events.jsonl"
        try Data(file).write(to: URL(fileURLWithPath: events))
        let send = try engine.cli(["send", events])
        #expect(send.stdout == "4 accepted, 0 late, 1 rejected\n", "\(send.stderr)")
        #expect(send.stderr.contains("\(events):3:20: error: invalid UTF-8"), "\(send.stderr)")
        #expect(try engine.cli(["query", "clicks"]).stdout == "4\n")
    }

    /// `play` on the engine prints exactly `featide run`'s records, then the verdicts, paced.
    @Test func aPlayedScenarioGivesExactlyWhatRunGives() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-play-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.copyItem(atPath: PackageRoot.path + "/projects/shopping", toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        let run = try FeatideBinary.run(["run", root, "--scenario", "coupon_happy_path"])
        let play = try engine.cli(["play", "coupon_happy_path", "--speed", "100"])
        #expect(play.status == 0, "\(play.stderr)")
        let lines = play.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("{") } == run.stdout.split(separator: "\n").map(String.init))
        #expect(lines.contains("✓ decision coupon_popup fires at 20s"))
        #expect(lines.last == "10 passed, 0 failed")
        let unknown = try engine.cli(["play", "nope"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("has no scenario 'nope'; it has"))
    }

    /// A player's `play`: the scenario's events in order (laid out as its YAML says), at most
    /// as many as asked with a count of the rest; the records go to the engine's log tagged
    /// with the scenario, then a `play` record with the verdicts.
    @Test func aPlayListsTheScenariosEventsBoundedAndLogsItsRecordsUnderItsName() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-play-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.copyItem(atPath: PackageRoot.path + "/projects/shopping", toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        defer { _ = engine.stop() }
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        let start: Int64 = 1_795_255_200_000  // 2026-11-21T10:00:00Z
        // mocks/coupon_happy_path.yaml: app_start at 0 s, home at 1 s, five clicks 2…6 s, product
        // at 7 s, three clicks every 4 s from 11 s, home at 20 s.
        let laidOut: [(Int64, String, String?)] = [(0, "app_start", nil), (1, "page_enter", "home")]
            + (2...6).map { ($0, "click", nil) } + [(7, "page_enter", "product")] + [11, 15, 19].map { ($0, "click", nil) }
            + [(20, "page_enter", "home")]
        let client = try engine.client()
        let played = try client.call(.play, PlayParams(scenario: "coupon_happy_path", listEvents: 100), as: PlayResult.self)
        let events = try #require(played.events)
        #expect(events.map { ($0.ts - start) / 1000 } == laidOut.map(\.0))
        #expect(events.map(\.type) == laidOut.map(\.1))
        #expect(events.map(\.page) == laidOut.map(\.2))
        #expect(events[2].params == #"{"item":"sku1","price":12.5,"category":"shoes"}"#)
        #expect(played.moreEvents == 0)
        let capped = try client.call(.play, PlayParams(scenario: "coupon_happy_path", listEvents: 5), as: PlayResult.self)
        #expect(capped.events?.map(\.ts) == events.prefix(5).map(\.ts))
        #expect(capped.moreEvents == 7)
        #expect(capped.records.map(\.line) == played.records.map(\.line))
        // Without listEvents (featide play), no events are sent.
        #expect(try client.call(.play, PlayParams(scenario: "coupon_happy_path"), as: PlayResult.self).events == nil)

        let logs = try engine.cli(["logs", "--grep", #""play":"coupon_happy_path""#, "--limit", "1000"]).stdout.split(separator: "\n").map(String.init)
        // Three plays: each logged its decisions, matches and script logs, untagged they are the play's records.
        let logged = played.records.map(\.line).filter { !$0.hasPrefix(#"{"record":"features""#) }
        #expect(logs.count == 3 * logged.count)
        #expect(logs.suffix(logged.count).map { $0.replacingOccurrences(of: #"{"play":"coupon_happy_path","#, with: "{") } == logged)
        #expect(logs.contains { $0.contains(#""record":"decision","decision":"coupon_popup""#) })
        #expect(logs.contains { $0.contains(#""source":"script:scripts/coupon.py:13","message":"offering coupon""#) })
        let summary = try engine.cli(["logs", "--grep", #""record":"play""#]).stdout.split(separator: "\n").last.map(String.init)
        #expect(summary == #"{"record":"play","scenario":"coupon_happy_path","version":1,"passed":10,"failed":0,"logged":\#(logged.count)}"#)
    }

    /// Windowed values go on across a deploy that keeps their definition, a changed feature
    /// starts fresh, and after `kill -9` the engine rebuilds exactly that.
    @Test func aDeployKeepsUnchangedStateAndARestartRebuildsIt() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        _ = try Self.send(EngineTestProject.clicks(0..<5), to: engine)
        let features = try String(contentsOfFile: root + "/features/clicks.yaml", encoding: .utf8)
        try features.replacingOccurrences(of: "value: params.price\nagg: sum\ngroup_by", with: "value: params.price * 2\nagg: sum\ngroup_by")
            .write(toFile: root + "/features/clicks.yaml", atomically: true, encoding: .utf8)
        let deploy = try engine.cli(["deploy", root, "--no-gate"])
        #expect(deploy.stdout.contains("plan: features: = 3 kept, ~ 1 reset, + 0 new, - 0 removed"), "\(deploy.stdout)")
        _ = try Self.send(EngineTestProject.clicks(5..<8), to: engine)
        // clicks, spend, items over all 8 events; spend_by_item "sku5" only since the deploy, doubled.
        let expected = ["8", "28", "7"]
        #expect(try Self.values(engine).prefix(3) == expected[...])
        #expect(try Self.values(engine).last == "10")
        try engine.crashServing()
        #expect(try Self.values(engine).prefix(3) == expected[...])
        #expect(try Self.values(engine).last == "10")
    }

    /// featide.yaml's `gate:` limits refuse a deploy whose scenarios pass but hold too much or
    /// cost too much, naming the scenario, the features and the limit.
    @Test func theGateRefusesScenariosOverTheMemoryOrCostLimits() throws {
        let scenario = """
            kind: scenario
            name: five_clicks
            start: 2026-11-21T10:00:00Z
            events:
              - {repeat: 5, every: 1s, type: click, params: {price: 2, item: a}}
            expect:
              - {at: 10s, feature: clicks, equals: 5}
            """
        let root = try EngineTestProject.make(["mocks/five.yaml": scenario])
        defer { EngineTestProject.remove(root) }
        let manifest = root + "/featide.yaml"
        let base = try String(contentsOfFile: manifest, encoding: .utf8)
        try (base + "gate: {max_held_items: 3}\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let held = try FeatideBinary.run(["deploy", root, "--engine", "unix:/nonexistent"])
        #expect(held.status == 1)
        #expect(held.stdout.contains("gate: scenario five_clicks: 1 passed, 0 failed"), "\(held.stdout)")
        #expect(held.stdout.contains("✗ five_clicks: clicks hold 5 items at the end; featide.yaml gate allows max_held_items: 3"), "\(held.stdout)")
        #expect(held.stderr.contains("deploy refused: the gate failed"))
        try (base + "gate: {max_event_cost_us: 1}\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let costly = try FeatideBinary.run(["deploy", root, "--engine", "unix:/nonexistent"])
        #expect(costly.status == 1)
        #expect(costly.stdout.contains("µs per event; featide.yaml gate allows max_event_cost_us: 1"), "\(costly.stdout)")
        try (base + "gate: {max_held_items: 5, max_event_cost_us: 100000000}\n").write(toFile: manifest, atomically: true, encoding: .utf8)
        let passes = try FeatideBinary.run(["deploy", root, "--engine", "unix:/nonexistent"])
        #expect(passes.stderr.contains("cannot connect to the engine"), "the gate passed and the deploy went on: \(passes.stderr)")
    }

    @Test func aBrokenOrEscapingDeployIsRefusedAndTheOldVersionAnswers() throws {
        let root = try EngineTestProject.make()
        let state = root + ".state"
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: state)
        try engine.start()
        #expect(try engine.cli(["deploy", root]).status == 0)
        _ = try Self.send(EngineTestProject.clicks(0..<3), to: engine)

        try "kind: feature\nname: broken\non: click\nagg: cont\n".write(toFile: root + "/features/broken.yaml", atomically: true, encoding: .utf8)
        let refused = try engine.cli(["deploy", root])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("features/broken.yaml:4:6: error:"), "\(refused.stderr)")
        try FileManager.default.removeItem(atPath: root + "/features/broken.yaml")

        try FileManager.default.createSymbolicLink(atPath: root + "/features/outside.yaml", withDestinationPath: "/etc/hostname")
        let escaping = try engine.cli(["deploy", root, "--no-gate"])
        #expect(escaping.status == 1)
        #expect(escaping.stderr.contains("outside the project"), "\(escaping.stderr)")
        #expect(try Self.values(engine).first == "3")
        #expect(try engine.client().call(.status, Empty(), as: StatusResult.self).version == 1)
    }

    /// `kill -9` while a client is sending: after a restart every acknowledged batch counts
    /// exactly once, and a batch in flight is wholly in or wholly out — the engine then
    /// answers every query as one that never crashed, fed the same events. Snapshots every
    /// 700 events put the crash after a snapshot, with events to replay since.
    @Test func killNineDuringIngestionThenRestartAnswersAsAnEngineThatNeverCrashed() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let crashing = EngineProcess(project: root, state: root + ".crashing", options: ["--snapshot-every", "700"])
        let steady = EngineProcess(project: root, state: root + ".steady")
        try crashing.start()
        try steady.start()
        #expect(try crashing.cli(["deploy", root, "--no-gate"]).status == 0)
        #expect(try steady.cli(["deploy", root, "--no-gate"]).status == 0)

        let batch = 200
        let acknowledged = AcknowledgedBatches()
        let sendingClient = try crashing.client()
        let sender = Thread {
            let client = sendingClient
            for b in 0..<10_000 {
                guard (try? client.call(.send, SendParams(events: EngineTestProject.clicks(b * batch..<(b + 1) * batch)), as: SendResult.self)) != nil
                else { return }
                acknowledged.add()
            }
        }
        sender.start()
        while acknowledged.count < 9 { usleep(10_000) }
        try crashing.crashServing()  // the supervisor restarts it
        while !sender.isFinished { usleep(10_000) }

        let status = try crashing.client().call(.status, Empty(), as: StatusResult.self)
        let counted = status.eventsAccepted
        let acked = acknowledged.count * batch
        #expect(counted == acked || counted == acked + batch, "counted \(counted), acknowledged \(acked)")
        #expect(status.eventsReplayed < counted, "a snapshot was restored: only the events after it are replayed")
        _ = try Self.send(EngineTestProject.clicks(0..<counted), to: steady)
        #expect(try Self.values(crashing) == Self.values(steady))
        #expect(try Self.values(crashing).first == String(counted))
    }

    /// Five crashes within a minute after a deploy: the supervisor brings the engine back on
    /// the version live before, and the log says why.
    @Test func aCrashLoopRollsBackToThePreviousVersion() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        try "kind: feature\nname: taps\non: tap\nagg: count\nwindow: {sliding: 1h}\n".write(toFile: root + "/features/taps.yaml", atomically: true, encoding: .utf8)
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        for _ in 0..<4 { try engine.crashServing() }
        #expect(try engine.client().call(.status, Empty(), as: StatusResult.self).version == 2)
        try engine.crashServing()
        #expect(try engine.client().call(.status, Empty(), as: StatusResult.self).version == 1)
        let logs = try engine.cli(["logs", "--level", "error"]).stdout
        #expect(logs.contains(#"{"record":"rollback","version":1,"from":2,"automatic":true,"reason":"5 crashes within 60 s"}"#), "\(logs)")
    }

    @Test func aMissingOrWrongTokenIsRefusedAndTheConnectionCloses() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        let anonymous = try EngineClient(address: .unix(engine.socket))
        #expect { try anonymous.call(.status, Empty(), as: StatusResult.self) } throws: { error in
            (error as? EngineClientError)?.rpc?.code == RPCError.unauthenticated.code
        }
        #expect(throws: EngineClientError.self) { try anonymous.call(.status, Empty(), as: StatusResult.self) }  // closed
        let guesser = try EngineClient(address: .unix(engine.socket))
        #expect { try guesser.authenticate(token: String(repeating: "0", count: 64)) } throws: { error in
            "\(error)".contains("wrong token")
        }
        let wrongFile = root + "/wrong-token"
        try "nope\n".write(toFile: wrongFile, atomically: true, encoding: .utf8)
        let cli = try FeatideBinary.run(["status", "--engine", engine.address, "--token-file", wrongFile])
        #expect(cli.status == 1)
        #expect(cli.stderr.contains("wrong token"))
    }

    @Test func garbageAndOversizedFramesGetErrorsAndTheServerLivesOn() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        for bytes in ["hello there\r\n\r\n", "Content-Length: 99999999999\r\n\r\n", String(repeating: "\u{1}", count: 5000)] {
            let raw = try EngineClient(address: .unix(engine.socket))
            try raw.write(Data(bytes.utf8))
            let answer = try raw.readMessage()
            #expect(answer.error?.code == -32700, "\(bytes.prefix(20))")
        }
        let client = try engine.client()
        try client.write(ContentLengthFraming.frame(Data("{not json".utf8)))
        #expect(try client.readMessage().error?.message.contains("not JSON") == true)
        #expect(try client.call(.status, Empty(), as: StatusResult.self).pid > 0)  // same connection, still served
    }

    @Test func fourClientsSendingAtOnceCountEveryEventOnce() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        let clients = try (0..<4).map { _ in try engine.client() }
        let threads = (0..<4).map { c in
            let client = clients[c]
            return Thread {
                for b in 0..<10 {
                    // One timestamp for all: batches from four clients interleave in any
                    // order, and none may count as late.
                    let events = (0..<100).map { i in #"{"ts":1750000000000,"type":"click","params":{"item":"c\#(c)b\#(b)i\#(i)","price":1}}"# }
                    _ = try? client.call(.send, SendParams(events: events), as: SendResult.self)
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
        #expect(try Self.values(engine).prefix(3) == ["4000", "4000", "4000"])
        let status = try engine.client().call(.status, Empty(), as: StatusResult.self)
        #expect(status.eventsAccepted == 4000)
        #expect(status.eventsLate == 0)
    }

    @Test func sigtermExitsCleanlyAndTheStateIsKept() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        _ = try Self.send(EngineTestProject.clicks(0..<50), to: engine)
        let before = try Self.values(engine)
        #expect(engine.stop() == 0)
        try engine.start()
        #expect(try Self.values(engine) == before)
        // The snapshot taken at shutdown holds everything: nothing to replay.
        #expect(try engine.client().call(.status, Empty(), as: StatusResult.self).eventsReplayed == 0)
        #expect(try engine.cli(["logs", "--grep", "deploy"]).stdout.contains(#"{"record":"deploy","version":1"#))
    }
}

/// What a child process printed so far (its reader thread appends, the test reads).
final class FollowedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
    func append(_ more: Data) { lock.withLock { data.append(more) } }
}

/// Batches a sender saw acknowledged (its thread adds, the test reads).
final class AcknowledgedBatches: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var count: Int { lock.withLock { value } }
    func add() { lock.withLock { value += 1 } }
}

@Suite struct EngineFollowAndAddressTests {
    /// `featide logs --follow` prints records as the engine writes them.
    @Test func logsFollowPrintsNewRecordsAsTheyHappen() throws {
        let root = try EngineTestProject.make()
        defer { EngineTestProject.remove(root) }
        let engine = EngineProcess(project: root, state: root + ".state")
        try engine.start()
        #expect(try engine.cli(["deploy", root, "--no-gate"]).status == 0)
        let follower = Process()
        follower.executableURL = FeatideBinary.url
        follower.arguments = ["logs", "--follow", "--level", "warn", "--engine", engine.address]
        let output = Pipe()
        follower.standardOutput = output
        follower.standardError = FileHandle.nullDevice
        try follower.run()
        defer { follower.terminate() }
        let seen = FollowedOutput()
        output.fileHandleForReading.readabilityHandler = { handle in seen.append(handle.availableData) }
        defer { output.fileHandleForReading.readabilityHandler = nil }
        // A bad event every half second until the follower (subscribed at some point) shows one.
        for attempt in 0..<400 where !seen.text.contains("malformed event rejected") {
            if attempt % 20 == 0 { _ = try EngineCommandTests.send(["{\"ts\": broken}"], to: engine) }
            usleep(25_000)
        }
        #expect(seen.text.contains(#""level":"warn""#) && seen.text.contains("malformed event rejected"), "\(seen.text)")
    }

    @Test func addressesAreUnixSocketsOrLoopbackOnly() throws {
        #expect(try EngineAddress(parsing: "unix:/tmp/x.sock") == .unix("/tmp/x.sock"))
        #expect(try EngineAddress(parsing: "127.0.0.1:7001") == .tcp(host: "127.0.0.1", port: 7001))
        #expect(try EngineAddress(parsing: "localhost:7001") == .tcp(host: "127.0.0.1", port: 7001))
        #expect { try EngineAddress(parsing: "0.0.0.0:7001") } throws: { "\($0)".contains("is not loopback") }
        #expect { try EngineAddress(parsing: "10.1.2.3:80") } throws: { "\($0)".contains("is not loopback") }
        #expect { try EngineAddress(parsing: "unix:") } throws: { "\($0)".contains("names no socket path") }
        #expect { try EngineAddress(parsing: "somewhere") } throws: { "\($0)".contains("expected unix:PATH or 127.0.0.1:PORT") }
    }
}
