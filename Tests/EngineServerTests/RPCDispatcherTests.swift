import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// The engine's methods without any socket: authentication first, deploys that validate,
/// events in, values out.
@Suite struct RPCDispatcherTests {
    final class Fixture {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("featide-dispatch-\(UUID().uuidString)").path
        let dispatcher: RPCDispatcher
        let session = RPCDispatcher.Session(id: 1)
        private var id: Int64 = 0

        init() throws {
            dispatcher = RPCDispatcher(instance: try EngineInstance(stateDirectory: state), token: "secret")
        }

        deinit { try? FileManager.default.removeItem(atPath: state) }

        func call<P: Encodable>(_ method: String, _ params: P) throws -> RPCMessage {
            id += 1
            let request = try RPCEnvelope.request(id: .number(id), method: method, params: params)
            let body = try #require(try ContentLengthFraming.parse(Array(request)))
            let framed = try #require(dispatcher.handle(Data(request[body.body]), session: session, follow: { _, _ in }))
            let response = try #require(try ContentLengthFraming.parse(Array(framed)))
            return try JSONDecoder().decode(RPCMessage.self, from: Data(Array(framed)[response.body]))
        }

        func authenticate() throws {
            #expect(try call("authenticate", AuthenticateParams(token: "secret")).error == nil)
        }
    }

    static func bundle(_ files: [String: String]) -> DeployBundle {
        let list = files.sorted { $0.key < $1.key }.map { DeployBundle.File(path: $0.key, content: Data($0.value.utf8).base64EncodedString()) }
        return DeployBundle(files: list, contentHash: ProjectBundle.contentHash(list))
    }

    static let project: [String: String] = [
        "featide.yaml": "kind: project\nname: tiny\nversion: 1.0.0\n",
        "features/clicks.yaml": "kind: feature\nname: clicks\non: click\nagg: count\nwindow: {sliding: 10m}\n",
    ]

    @Test func everyRequestBeforeAuthenticationIsRefused() throws {
        let fixture = try Fixture()
        #expect(try fixture.call("status", Empty()).error?.code == RPCError.unauthenticated.code)
        #expect(try fixture.call("authenticate", AuthenticateParams(token: "wrong")).error?.message.contains("wrong token") == true)
        #expect(try fixture.call("status", Empty()).error?.code == RPCError.unauthenticated.code)
        try fixture.authenticate()
        #expect(try fixture.call("status", Empty()).error == nil)
    }

    @Test func unknownMethodsAndBadParamsSayWhatWasExpected() throws {
        let fixture = try Fixture()
        try fixture.authenticate()
        let unknown = try fixture.call("explode", Empty())
        #expect(unknown.error?.code == -32601)
        #expect(unknown.error?.message.contains("expected one of authenticate, status") == true)
        let bad = try fixture.call("query", ["nam": "clicks"])
        #expect(bad.error?.code == -32602)
        #expect(bad.error?.message.contains("missing 'name'") == true)
    }

    @Test func deploySendAndQuery() throws {
        let fixture = try Fixture()
        try fixture.authenticate()
        let deployed = try fixture.call("deploy", DeployParams(bundle: Self.bundle(Self.project), author: "t", gate: []))
        #expect(deployed.error == nil)
        let events = (0..<3).map { #"{"ts":\#(1_700_000_000_000 + $0 * 1000),"type":"click"}"# }
            + ["not json", "{\"ts\": 1700000009000,\n\"type\": \"click\"}"]
        let sent = try RPCCoding.decode(SendResult.self, from: try fixture.call("send", SendParams(events: events)).result)
        #expect(sent.accepted == 3)
        #expect(sent.rejected == 2)
        #expect(sent.errors.first?.hasPrefix("event 4:") == true)
        #expect(sent.errors.last == "event 5: an event must be one line of JSON; this one spans several")
        let value = try RPCCoding.decode(QueryResult.self, from: try fixture.call("query", QueryParams(name: "clicks", key: nil)).result)
        #expect(value.value == "3")
        #expect(try fixture.call("query", QueryParams(name: "click", key: nil)).error?.message.contains("unknown feature 'click'") == true)
    }

    /// A batch as one JSON Lines text: blank lines skipped, rejections numbered by line.
    @Test func sendTakesJSONLinesNumberingRejectionsByLine() throws {
        let fixture = try Fixture()
        try fixture.authenticate()
        #expect(try fixture.call("deploy", DeployParams(bundle: Self.bundle(Self.project), author: "t", gate: [])).error == nil)
        let text = "{\"ts\":1700000000000,\"type\":\"click\"}\r\n\n  \n{\"ts\": oops}\n{\"ts\":1700000001000,\"type\":\"click\"}"
        let sent = try RPCCoding.decode(SendResult.self, from: try fixture.call("send", SendParams(lines: text)).result)
        #expect(sent.accepted == 2)
        #expect(sent.rejected == 1)
        #expect(sent.errors.first?.hasPrefix("event 4:") == true, "\(sent.errors)")
        let value = try RPCCoding.decode(QueryResult.self, from: try fixture.call("query", QueryParams(name: "clicks", key: nil)).result)
        #expect(value.value == "2")
        var both = SendParams(lines: "{}")
        both.events = ["{}"]
        #expect(try fixture.call("send", both).error?.message.contains("one of them") == true)
    }

    @Test(arguments: [
        ("../escape.yaml", "leaves the project"), ("/etc/passwd", "leaves the project"), ("a/./b.yaml", "leaves the project"),
    ])
    func bundlesWithPathsLeavingTheProjectAreRefused(path: String, says: String) throws {
        let fixture = try Fixture()
        try fixture.authenticate()
        var files = Self.project
        files[path] = "kind: feature\n"
        let refused = try fixture.call("deploy", DeployParams(bundle: Self.bundle(files), author: "t", gate: []))
        #expect(refused.error?.message.contains(says) == true, "\(String(describing: refused.error))")
        #expect(!FileManager.default.fileExists(atPath: fixture.state + "/escape.yaml"))
    }

    @Test func aBrokenProjectIsRefusedAndThePreviousVersionStaysLive() throws {
        let fixture = try Fixture()
        try fixture.authenticate()
        #expect(try fixture.call("deploy", DeployParams(bundle: Self.bundle(Self.project), author: "t", gate: [])).error == nil)
        _ = try fixture.call("send", SendParams(events: [#"{"ts":1700000000000,"type":"click"}"#]))
        var broken = Self.project
        broken["features/clicks.yaml"] = "kind: feature\nname: clicks\non: click\nagg: cont\nwindow: {sliding: 10m}\n"
        let refused = try fixture.call("deploy", DeployParams(bundle: Self.bundle(broken), author: "t", gate: []))
        #expect(refused.error?.message.contains("features/clicks.yaml:4:6: error:") == true, "\(String(describing: refused.error))")
        #expect(refused.error?.message.contains("version 1 stays live") == true)
        let value = try RPCCoding.decode(QueryResult.self, from: try fixture.call("query", QueryParams(name: "clicks", key: nil)).result)
        #expect(value.value == "1")
        let tampered = DeployBundle(files: Self.bundle(Self.project).files, contentHash: "0000000000000000")
        #expect(try fixture.call("deploy", DeployParams(bundle: tampered, author: "t", gate: [])).error?.message.contains("does not match") == true)
    }
}

@Suite struct EngineLogRetentionTests {
    /// Only the newest records are kept: the engine's memory and disk stay bounded.
    @Test func logsKeepTheNewestRecordsUpToTheRetention() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("featide-retention-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let instance = try EngineInstance(stateDirectory: state, logRetention: 3)
        _ = try instance.deploy(DeployParams(bundle: RPCDispatcherTests.bundle(RPCDispatcherTests.project), author: "t", gate: [])).get()
        _ = try instance.send(SendParams(events: (1...6).map { "not json \($0)" })).get()
        let lines = try instance.logs(LogsParams(level: nil, grep: nil, since: nil, follow: false, limit: 100)).get().entries.map(\.line)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("malformed event rejected") })
        #expect(lines.first?.contains("line 4") == true, "\(lines)")
        #expect(lines.last?.contains("line 6") == true, "\(lines)")
    }
}
