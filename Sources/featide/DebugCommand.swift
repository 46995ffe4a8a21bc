import ArgumentParser
import Debugger
import EngineProtocol
import Foundation

/// `featide debug [PROJECT] --scenario NAME`: a line-mode debugger (like pdb) over the
/// engine's debug adapter: plays the scenario under it, stopped before its first event, and
/// reads commands from stdin (`help` lists them).
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Play a scenario on the engine under a line-mode debugger (b event:TYPE, c, n, back, p FEATURE, bt, q).")

    @Argument(help: "The project whose local engine to use (default: the current folder, or --project).")
    var folder: String?
    @Option(help: "The scenario to play (of the engine's active version).") var scenario: String
    @Option(help: "The debug adapter's address (default: the one the engine's status names).") var dap: String?
    @OptionGroup var options: EngineOptions

    func run() throws {
        var options = options
        if let folder { options.project = folder }
        let client = try options.connect()
        let status = try engineCall { () throws(EngineClientError) in try client.call(.status, Empty(), as: StatusResult.self) }
        guard let text = dap ?? status.debugAdapter else {
            printError("featide debug: the engine at \(client.address) serves no debug adapter; start it with `featide engine --dap 127.0.0.1:0`")
            throw ExitCode(1)
        }
        let token: String
        do {
            token = try String(contentsOfFile: try options.tokenFilePath(), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            printError("featide debug: cannot read the engine's token: \(error)")
            throw ExitCode(1)
        }
        let console: DebugConsole
        do { console = try DebugConsole(address: try EngineAddress(parsing: text), token: token, scenario: scenario) } catch {
            printError("featide debug: \(error)")
            throw ExitCode(1)
        }
        throw ExitCode(console.run())
    }
}
