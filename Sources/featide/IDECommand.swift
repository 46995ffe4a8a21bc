import ArgumentParser
import EngineProtocol
import Foundation
import TUI

/// `featide [PROJECT | FILE]`: the terminal IDE, the default when no subcommand is named.
/// Given a file, the IDE opens the project around it (the nearest folder up with a
/// featide.yaml) with that file in the editor; a file in no project is opened alone.
struct IDECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ide",
        abstract: "Open the terminal IDE on a project (the default command).")

    @Argument(help: "The project folder, or a file to open in its project (default: the current folder).")
    var project: String = "."

    @Option(help: "An engine's address instead of the project's local one: unix:PATH or 127.0.0.1:PORT.")
    var engine: String?

    @Option(help: "The engine's token file (with --engine).")
    var tokenFile: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: project) else {
            throw ValidationError("'\(project)' does not exist; expected a project folder (one holding featide.yaml) or a file in one")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("the IDE needs a terminal; for scripts use `featide check \(project)` or `featide test \(project)`")
        }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: project, isDirectory: &isDirectory)
        if isDirectory.boolValue {
            return IDE.run(projectRoot: project, engine: try ideEngine(root: project), checker: LiveProjectCheck.problems)
        }
        let file = URL(fileURLWithPath: project).standardizedFileURL
        guard let root = Self.projectRoot(around: file) else {
            return IDE.run(projectRoot: file.deletingLastPathComponent().path, onlyFile: file.lastPathComponent, checker: { _, _ in [] })
        }
        let relative = String(file.path.dropFirst(root.path.count + 1))
        IDE.run(projectRoot: root.path, openFile: relative, engine: try ideEngine(root: root.path), checker: LiveProjectCheck.problems)
    }

    /// The engine the IDE follows: `--engine`, else the project's local instance — started in
    /// the background when none runs, so the first screen never waits for it.
    private func ideEngine(root: String) throws -> IDEEngine {
        if let engine {
            let address = try EngineAddress(parsing: engine)
            guard let tokenFile else { throw ValidationError("--engine needs --token-file (the engine's STATE/token)") }
            return IDEEngine(address: address, tokenFile: tokenFile, executable: FeatideExecutable.url,
                             remote: ["--engine", engine, "--token-file", tokenFile], projectRoot: root)
        }
        let local = LocalEngine(project: root)
        let socket = LocalEngine.socket(in: local.stateDirectory)
        if (try? EngineClient(address: .unix(socket))) == nil {
            Thread.detachNewThread { _ = try? local.start() }
        }
        return IDEEngine(address: .unix(socket), tokenFile: LocalEngine.tokenFile(in: local.stateDirectory),
                         executable: FeatideExecutable.url, remote: [], projectRoot: root,
                         debugAdapter: .unix(local.stateDirectory + "/dap.sock"))
    }

    private static func projectRoot(around file: URL) -> URL? {
        var folder = file.deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("featide.yaml").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
