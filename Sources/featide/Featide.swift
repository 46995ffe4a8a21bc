import ArgumentParser
import Foundation

@main
struct Featide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "featide",
        abstract: "Author, test and debug on-device features and decisions.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ExprCommand.self, RunCommand.self, TestCommand.self, TreeCommand.self,
            ExplainCommand.self, BenchCommand.self, IDECommand.self,
        ],
        defaultSubcommand: IDECommand.self
    )

    /// Bad usage exits 2 (SPEC §3), not ArgumentParser's 64; everything else as ArgumentParser does.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
