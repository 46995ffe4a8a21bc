import Debugger
import EngineProtocol
import Foundation
import Synchronization
import Testing

/// An engine with a debug adapter, for DAP tests: a real `featide engine --dap` process.
struct EngineUnderDebug {
    let root: String
    let engine: EngineProcess

    /// A copy of `projects/NAME` (with `extra` files written over it), or a test project with
    /// `extra` files, deployed.
    init(copying project: String? = nil, extra: [String: String] = [:]) throws {
        if let project {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-dap-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.copyItem(atPath: PackageRoot.path + "/projects/" + project, toPath: root)
            try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
            for (path, text) in extra { try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8) }
        } else {
            root = try EngineTestProject.make(extra)
        }
        engine = EngineProcess(project: root, state: root + ".state", options: ["--dap", "127.0.0.1:0"])
        try engine.start()
        let deploy = try engine.cli(["deploy", root, "--no-gate"])
        guard deploy.status == 0 else { throw EngineClientError("deploy failed: \(deploy.stderr)") }
    }

    func remove() {
        _ = engine.stop()
        EngineTestProject.remove(root)
    }

    /// The adapter's address, as `status` gives it.
    func dapAddress() throws -> EngineAddress {
        let status = try engine.client().call(.status, Empty(), as: StatusResult.self)
        guard let text = status.debugAdapter else { throw EngineClientError("status names no debug adapter") }
        return try EngineAddress(parsing: text)
    }

    /// A client that has initialized and attached with the engine's token.
    func attachedClient(_ arguments: [String: Any] = [:]) throws -> DAPClient {
        let client = try DAPClient(address: dapAddress())
        #expect(try client.request("initialize", ["adapterID": "test"]).success)
        let attach = try client.request("attach", arguments.merging(["token": engine.token]) { $1 })
        #expect(attach.success, "\(attach.message ?? "")")
        _ = try client.waitForEvent("initialized")
        return client
    }
}

/// Every message a client received must validate against the DAP schema.
func expectSchemaValid(_ client: DAPClient, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!client.received.isEmpty, sourceLocation: sourceLocation)
    for body in client.received {
        let errors = DAPSchema.errors(in: body)
        #expect(errors.isEmpty, "\(String(decoding: body, as: UTF8.self)): \(errors)", sourceLocation: sourceLocation)
    }
}

/// Work on another thread (a command or a client blocked while the engine is stopped), and
/// its result once done.
final class Background<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(_ work: @escaping @Sendable () throws -> T) {
        DispatchQueue.global().async { [self] in
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
    }

    /// Waits as long as it takes (tests never time out on a duration).
    func value() throws -> T {
        done.wait()
        done.signal()
        let outcome = result.withLock { $0! }
        return try outcome.get()
    }
}

extension DAPClient {
    /// The stopped thread's frames, top first, as `stackTrace` answers them.
    func stackFrames(thread: Int) throws -> [[String: Any]] {
        try request("stackTrace", ["threadId": thread]).body["stackFrames"] as? [[String: Any]] ?? []
    }

    /// The variables of a scope of the stopped thread's top frame, by name → value.
    func scope(_ name: String, thread: Int) throws -> [String: [String: Any]] {
        let frame = try stackFrames(thread: thread).first?["id"] as? Int ?? 0
        let scopes = try request("scopes", ["frameId": frame]).body["scopes"] as? [[String: Any]] ?? []
        guard let reference = scopes.first(where: { $0["name"] as? String == name })?["variablesReference"] as? Int else { return [:] }
        let variables = try request("variables", ["variablesReference": reference]).body["variables"] as? [[String: Any]] ?? []
        return Dictionary(variables.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
    }

    func topFrame(thread: Int) throws -> String {
        try stackFrames(thread: thread).first?["name"] as? String ?? ""
    }
}
