import EngineProtocol
import Foundation

/// A real `featide engine` process on a unix socket in its own state folder, for end-to-end
/// tests: started, connected to, killed or stopped as a user or a crash would.
final class EngineProcess {
    let state: String
    let project: String
    /// More `featide engine` options, e.g. `--snapshot-every`, `--dap 127.0.0.1:0`.
    let options: [String]
    private(set) var process: Process?

    var socket: String { state + "/engine.sock" }
    var address: String { "unix:\(socket)" }
    var token: String { (try? String(contentsOfFile: state + "/token", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    init(project: String, state: String, options: [String] = []) {
        self.project = project
        self.state = state
        self.options = options
    }

    deinit { process.map { kill($0.processIdentifier, SIGKILL) } }

    /// Starts the engine and waits until it accepts connections.
    func start() throws {
        let process = Process()
        process.executableURL = FeatideBinary.url
        process.arguments = ["engine", project, "--state", state, "--listen", address] + options
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        for _ in 0..<400 {
            if (try? EngineClient(address: .unix(socket))) != nil { return }
            guard process.isRunning else { break }
            usleep(25_000)
        }
        throw EngineClientError("the engine did not start (state \(state))")
    }

    func client() throws -> EngineClient {
        let client = try EngineClient(address: .unix(socket))
        try client.authenticate(token: token)
        return client
    }

    /// The pid of the process serving (the supervisor's child).
    func servingPID() throws -> Int32 {
        try client().call(.status, Empty(), as: StatusResult.self).pid
    }

    /// `kill -9` of the serving process — no chance to save anything — then waits until the
    /// supervisor has it serving again; the new pid.
    @discardableResult
    func crashServing() throws -> Int32 {
        let pid = try servingPID()
        kill(pid, SIGKILL)
        for _ in 0..<1200 {
            if let again = try? servingPID(), again != pid { return again }
            usleep(25_000)
        }
        throw EngineClientError("the supervisor did not restart the engine")
    }

    /// SIGTERM; the exit status.
    func stop() -> Int32 {
        guard let process else { return -1 }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// `featide ARGS --engine ADDRESS`.
    func cli(_ arguments: [String], input: String? = nil) throws -> FeatideBinary.Output {
        try FeatideBinary.run(arguments + ["--engine", address], input: input)
    }
}

/// A throwaway project folder.
enum EngineTestProject {
    static let features = """
        kind: feature
        name: clicks
        on: click
        agg: count
        window: {sliding: 10m}
        ---
        kind: feature
        name: spend
        on: click
        value: params.price
        agg: sum
        window: {sliding: 10m}
        ---
        kind: feature
        name: items
        on: click
        value: params.item
        agg: distinct_count
        window: {sliding: 10m}
        ---
        kind: feature
        name: spend_by_item
        on: click
        value: params.price
        agg: sum
        group_by: params.item
        window: {sliding: 10m}
        """

    static func make(_ extra: [String: String] = [:]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-engine-\(UUID().uuidString.prefix(8))").path
        var files = ["featide.yaml": "kind: project\nname: engine_test\nversion: 1.0.0\n", "features/clicks.yaml": features]
        files.merge(extra) { $1 }
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The project and every state folder beside it (`ROOT.state`, ...).
    static func remove(_ root: String) {
        let parent = URL(fileURLWithPath: root).deletingLastPathComponent().path
        let name = URL(fileURLWithPath: root).lastPathComponent
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(name) {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Click events `first..<first+count`, a millisecond apart, over a few items and prices.
    static func clicks(_ range: Range<Int>) -> [String] {
        range.map { i in #"{"ts":\#(1_750_000_000_000 + i),"type":"click","params":{"item":"sku\#(i % 7)","price":\#(i % 13)}}"# }
    }
}
