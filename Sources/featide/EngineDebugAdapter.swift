import ArgumentParser
import Debugger
import EngineProtocol
import EngineServer
import Foundation

extension EngineCommand {
    /// `--dap`: the debugger hooks into the instance's pipelines, and its adapter listens
    /// before the engine serves anything, so `status` can show the address from the start.
    /// Besides `--dap`'s TCP port it listens on `STATE/dap.sock`, beside the engine's socket.
    func startDebugAdapter(_ text: String, instance: EngineInstance, server: EngineServer, token: String) throws -> DAPServer {
        let address: EngineAddress
        do { address = try EngineAddress(parsing: text) } catch { throw ValidationError("--dap: \(error)") }
        guard case .tcp(let host, let port) = address else {
            throw ValidationError("--dap '\(text)': the debug adapter listens on loopback TCP only (127.0.0.1:PORT)")
        }
        let debugger = EventDebugger()
        let scripts = ScriptDebugBridge(events: debugger)
        debugger.scriptDebugger = scripts.scripts
        instance.debugHooks = debugger
        debugger.afterStop = { stopped in
            let (seconds, attoseconds) = stopped.components
            instance.clockStoodStill(forMilliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }
        let adapter = DAPServer(debugger: debugger, token: token, engine: PlayUnderDebugger(server: server), scripts: scripts)
        let socket = URL(fileURLWithPath: instance.stateDirectory).appendingPathComponent("dap.sock").path
        do {
            try adapter.start(host: host, port: port)
            try adapter.start(unixSocket: socket)
        } catch {
            printError("featide engine: cannot serve the debug adapter on \(text): \(error)")
            throw ExitCode(1)
        }
        let shown = "\(host):\(adapter.port ?? port)"
        instance.debugAdapterAddress = shown
        instance.debugAdapterSocket = "unix:" + socket
        printError("featide engine: debug adapter on \(shown)")
        return adapter
    }
}

/// A scenario played on the engine's thread for a debug session (`attach` with `scenario`).
struct PlayUnderDebugger: DebuggedEngine {
    let server: EngineServer

    func play(scenario: String, done: @escaping @Sendable (Result<[String], PlayRefused>) -> Void) {
        server.onEngine { instance in
            switch instance.play(PlayParams(scenario: scenario)) {
            case .success(let played): done(.success(PlayCommand.lines(played)))
            case .failure(let error): done(.failure(PlayRefused(error.message)))
            }
        }
    }
}
