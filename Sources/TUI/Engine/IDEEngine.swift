import EngineProtocol
import Foundation

/// The engine an IDE works with: where it answers, its token, and how to run a `featide`
/// command against it (deploy, rollback) — the CLI does those, as a user would.
public struct IDEEngine: Sendable {
    public var address: EngineAddress
    public var tokenFile: String
    public var executable: URL
    /// `--engine ADDR --token-file F` for an engine that is not the project's local one.
    public var remote: [String]
    public var projectRoot: String
    /// The engine's debug adapter (its unix socket beside the engine's), if known.
    public var debugAdapter: EngineAddress?

    public init(address: EngineAddress, tokenFile: String, executable: URL, remote: [String], projectRoot: String,
                debugAdapter: EngineAddress? = nil) {
        self.debugAdapter = debugAdapter
        self.address = address
        self.tokenFile = tokenFile
        self.executable = executable
        self.remote = remote
        self.projectRoot = projectRoot
    }

    /// `featide deploy PROJECT …`, `featide rollback --to V …`: the whole argument list.
    func arguments(_ command: [String]) -> [String] {
        if command.first == "deploy" { return command + [projectRoot] + remote }
        if command.first == "test" { return command + [projectRoot] }  // runs here, not on the engine
        return command + (remote.isEmpty ? ["--project", projectRoot] : remote)
    }

    /// Runs one command to its end; whether it succeeded and what it printed (both streams).
    func run(_ command: [String]) -> (Bool, [String]) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(command)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return (false, ["cannot run featide: \(error)"]) }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (process.terminationStatus == 0, lines.last == "" ? Array(lines.dropLast()) : lines)
    }
}
