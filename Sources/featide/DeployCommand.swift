import ArgumentParser
import Engine
import EngineProtocol
import EngineServer
import Foundation
import Mock

/// `featide deploy [PROJECT]`: check → gate (the project's scenarios) → bundle → the engine
/// validates and activates it atomically; a refused deploy leaves the previous version live.
struct DeployCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Check, gate on the project's scenarios, and deploy the project to its engine.")

    @Argument(help: "The project folder.")
    var project: String = "."

    @Flag(help: "Skip the scenario gate.")
    var noGate = false

    @Flag(help: "Check, gate and print the plan against the live version; deploy nothing.")
    var plan = false

    @Option(help: "An engine's address instead of the project's local one.")
    var engine: String?

    @Option(help: "The engine's token file.")
    var tokenFile: String?

    func run() throws {
        // Packed first: a symlink leaving the project is refused before anything reads it.
        let bundle: DeployBundle
        do { bundle = try ProjectBundle.pack(root: project) } catch {
            printError("featide: deploy refused: \(error.description)")
            throw ExitCode(1)
        }
        let loaded = try loadValidProject(project)
        var gate: [String] = []
        if !noGate {
            let verdict = try DeployGate.run(loaded)
            gate = verdict.summary
            gate.forEach { print("gate: \($0)") }
            guard verdict.failures.isEmpty else {
                verdict.failures.forEach { print($0) }
                printError("featide: deploy refused: the gate failed (\(verdict.failures.count) \(plural(verdict.failures.count, "reason"))); nothing was deployed")
                throw ExitCode(1)
            }
        }
        let client = try EngineOptions(project: project, engine: engine, tokenFile: tokenFile).connect()
        let author = ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let result = try engineCall { () throws(EngineClientError) in
            try client.call(.deploy, DeployParams(bundle: bundle, author: author, gate: gate, planOnly: plan ? true : nil), as: DeployResult.self)
        }
        result.plan.forEach { print("plan: \($0)") }
        print(plan ? "would deploy version \(result.version) (\(result.contentHash)); nothing was deployed (--plan)"
                   : "deployed version \(result.version) (\(result.contentHash))")
    }
}

extension EngineOptions {
    init(project: String, engine: String?, tokenFile: String?) {
        self.init()
        self.project = project
        self.engine = engine
        self.tokenFile = tokenFile
    }
}
