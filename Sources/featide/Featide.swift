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
            EngineCommand.self, DeployCommand.self, RollbackCommand.self, StatusCommand.self, QueryCommand.self,
            SendCommand.self, LogsCommand.self, DeploymentsCommand.self, PlayCommand.self, DebugCommand.self,
            BackfillCommand.self, SimulateCommand.self, ShardCommand.self,
        ],
        defaultSubcommand: IDECommand.self
    )

    /// Bad usage exits 2 (SPEC §3), not ArgumentParser's 64; everything else as ArgumentParser does.
    static func main() {
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exitOnUsageError(error, message: fullMessage(for: error))
            exit(withError: error)
        }
        do {
            try command.run()
        } catch {
            // A usage problem found while running (an unknown scenario name): no usage text.
            exitOnUsageError(error, message: "error: " + message(for: error))
            exit(withError: error)
        }
    }

    private static func exitOnUsageError(_ error: Error, message: String) {
        guard exitCode(for: error) == .validationFailure else { return }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        Foundation.exit(2)
    }
}
