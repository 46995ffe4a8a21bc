import ArgumentParser
import Foundation
import TUI

/// `featide [PROJECT]`: the terminal IDE, the default when no subcommand is named.
struct IDECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ide",
        abstract: "Open the terminal IDE on a project (the default command).")

    @Argument(help: "The project folder (default: the current folder).")
    var project: String = "."

    func validate() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: project, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("'\(project)' is not a folder; expected a project folder (one holding featide.yaml)")
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ValidationError("the IDE needs a terminal; for scripts use `featide check \(project)` or `featide test \(project)`")
        }
    }

    func run() throws {
        IDE.run(projectRoot: project, checker: LiveProjectCheck.problems)
    }
}
