import ArgumentParser
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
            return IDE.run(projectRoot: project, checker: LiveProjectCheck.problems)
        }
        let file = URL(fileURLWithPath: project).standardizedFileURL
        guard let root = Self.projectRoot(around: file) else {
            return IDE.run(projectRoot: file.deletingLastPathComponent().path, onlyFile: file.lastPathComponent, checker: { _, _ in [] })
        }
        let relative = String(file.path.dropFirst(root.path.count + 1))
        IDE.run(projectRoot: root.path, openFile: relative, checker: LiveProjectCheck.problems)
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
