import ArgumentParser
import CProcessShim
import Debugger
import EngineProtocol
import EngineServer
import Foundation

/// `featide engine [PROJECT] [--state DIR] [--listen ADDR] [--dap 127.0.0.1:PORT]`: one
/// simulated device, serving until SIGTERM (SPEC §9), with a debug adapter (§10) if asked.
/// By default it is the project's local instance.
struct EngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Run the engine instance: one simulated device that deploys, ingests, answers queries and keeps state.")

    @Argument(help: "The project whose local instance this is (its state goes to PROJECT/.featide/engine).")
    var project: String = "."

    @Option(help: "State folder (default: PROJECT/.featide/engine).")
    var state: String?

    @Option(help: "Where to listen: unix:PATH or 127.0.0.1:PORT (default: unix:STATE/engine.sock).")
    var listen: String?

    @Option(help: "Serve the Debug Adapter Protocol on 127.0.0.1:PORT (0: any free port; `featide status` shows it).")
    var dap: String?

    @Option(help: "Log records to keep (decisions and matches included); older ones are dropped.")
    var logRetention = 10_000

    @Option(help: "Take a state snapshot every N accepted events (also when idle and at shutdown); a restart replays only the events after the newest.")
    var snapshotEvery = 100_000

    @Flag(help: .hidden) var serve = false
    @Option(help: .hidden) var rollBack: String?

    func run() throws {
        guard serve else {
            // The supervisor: it runs this same command with --serve, and restarts it.
            var arguments = ["engine", project]
            if let state { arguments += ["--state", state] }
            if let listen { arguments += ["--listen", listen] }
            if let dap { arguments += ["--dap", dap] }
            arguments += ["--log-retention", String(logRetention), "--snapshot-every", String(snapshotEvery)]
            throw ExitCode(EngineSupervisor(arguments: arguments).run())
        }
        // The engine ends with its supervisor, however the supervisor ends.
        _ = shim_signal_when_parent_dies(SIGTERM)
        let local = LocalEngine(project: project)
        let stateDirectory = state ?? local.stateDirectory
        try local.prepare(stateDirectory: stateDirectory)
        let address = try EngineAddress(parsing: listen ?? "unix:\(LocalEngine.socket(in: stateDirectory))")
        let token = try TokenFile.ensure(at: LocalEngine.tokenFile(in: stateDirectory))
        let instance: EngineInstance
        do { instance = try EngineInstance(stateDirectory: stateDirectory, rollingBack: rollBack, logRetention: max(logRetention, 1),
                                                       snapshots: SnapshotPolicy(events: snapshotEvery)) } catch {
            printError("featide engine: cannot open the state in \(stateDirectory): \(error)")
            throw ExitCode(1)
        }
        let server = EngineServer(instance: instance, token: token)
        let debugAdapter = try dap.map { try startDebugAdapter($0, instance: instance, server: server, token: token) }
        do { try server.start(listen: address) } catch {
            printError("featide engine: cannot listen on \(address): \(error)")
            throw ExitCode(1)
        }
        var shown = address
        if case .tcp(let host, _) = address, let port = server.port { shown = .tcp(host: host, port: port) }
        printError("featide engine: listening on \(shown) (pid \(getpid()), state \(stateDirectory))")
        server.runUntilTerminated(beforeStopping: { debugAdapter?.stop() })
        printError("featide engine: stopped; state kept in \(stateDirectory)")
    }
}

/// The token file: 32 random bytes as hex, created once with mode 0600.
enum TokenFile {
    static func ensure(at path: String) throws -> String {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var generator = SystemRandomNumberGenerator()
        let token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot create the token file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array((token + "\n").utf8)
        guard write(fd, bytes, bytes.count) == bytes.count else { throw ValidationError("cannot write the token file \(path)") }
        return token
    }
}
