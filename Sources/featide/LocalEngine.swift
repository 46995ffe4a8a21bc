import ArgumentParser
import EngineProtocol
import Foundation

/// A project's local engine instance: state in PROJECT/.featide/engine (ignored by git), its
/// socket and token there. Commands connect to it, starting it when none runs.
struct LocalEngine {
    let project: String

    var stateDirectory: String {
        URL(fileURLWithPath: project).standardizedFileURL.appendingPathComponent(".featide/engine").path
    }

    static func socket(in state: String) -> String { state + "/engine.sock" }
    static func tokenFile(in state: String) -> String { state + "/token" }

    /// Creates the state folder, and `.featide/.gitignore` so engine state is never committed.
    func prepare(stateDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        if stateDirectory == self.stateDirectory {
            let ignore = URL(fileURLWithPath: stateDirectory).deletingLastPathComponent().appendingPathComponent(".gitignore").path
            if !FileManager.default.fileExists(atPath: ignore) { try "*\n".write(toFile: ignore, atomically: true, encoding: .utf8) }
        }
    }

    /// Starts `featide engine PROJECT` in the background (it outlives this command) and waits
    /// until it answers; its stderr goes to STATE/engine.log. It serves a debug adapter on a
    /// free loopback port (`featide debug` and the IDE find it through `status`).
    func start() throws -> Int32 {
        try prepare(stateDirectory: stateDirectory)
        let log = stateDirectory + "/engine.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        guard let process = try EngineLaunch.start(["engine", project, "--dap", "127.0.0.1:0"], socket: Self.socket(in: stateDirectory),
                                                   stderr: FileHandle(forWritingAtPath: log)) else {
            let reason = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw ValidationError("the local engine did not start\(reason.isEmpty ? "" : ":\n" + reason)")
        }
        return process.processIdentifier
    }
}

/// Starts `featide engine ...` as a child and waits until its socket answers.
enum EngineLaunch {
    /// The running process; nil if it ended, or did not answer within 30 s.
    static func start(_ arguments: [String], socket: String, stderr: FileHandle?) throws -> Process? {
        let process = Process()
        process.executableURL = FeatideExecutable.url
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr ?? FileHandle.nullDevice
        try process.run()
        for _ in 0..<3000 {
            if (try? EngineClient(address: .unix(socket))) != nil { return process }
            guard process.isRunning else { return nil }
            usleep(10_000)
        }
        return nil
    }
}

/// `--engine` and `--project`, shared by every command that talks to an engine.
struct EngineOptions: ParsableArguments {
    @Option(help: "The project whose local engine to use (default: the current folder).")
    var project: String = "."

    @Option(help: "An engine's address instead of the project's local one: unix:PATH or 127.0.0.1:PORT.")
    var engine: String?

    @Option(help: "The engine's token file (default: beside its socket, or the project's).")
    var tokenFile: String?

    /// An authenticated connection. With no `--engine`, the project's local instance,
    /// started first (and said so on stderr) when none is running.
    func connect(startingLocal: Bool = true) throws -> EngineClient {
        do {
            if let engine {
                let client = try EngineClient(address: try EngineAddress(parsing: engine))
                try client.authenticate(tokenFile: try tokenFilePath())
                return client
            }
            let local = LocalEngine(project: project)
            let socket = LocalEngine.socket(in: local.stateDirectory)
            let client: EngineClient
            if let running = try? EngineClient(address: .unix(socket)) {
                client = running
            } else {
                guard startingLocal else { throw EngineClientError("no engine is running for \(project)") }
                let pid = try local.start()
                printError("featide: started the project's local engine (pid \(pid), state \(local.stateDirectory))")
                client = try EngineClient(address: .unix(socket))
            }
            try client.authenticate(tokenFile: try tokenFilePath())
            return client
        } catch let error as EngineClientError {
            printError("featide: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// `--token-file`, else the one beside `--engine`'s socket, else the project's.
    func tokenFilePath() throws(EngineClientError) -> String {
        if let tokenFile { return tokenFile }
        if let engine, case .unix(let path) = try EngineAddress(parsing: engine) {
            return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("token").path
        }
        return LocalEngine.tokenFile(in: LocalEngine(project: project).stateDirectory)
    }
}

/// Runs a client call; an engine error is printed as the engine worded it (exit 1).
func engineCall<T>(_ body: () throws(EngineClientError) -> T) throws -> T {
    do { return try body() } catch {
        printError("featide: \(error.description)")
        throw ExitCode(1)
    }
}
