import ArgumentParser

@main
struct Featide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "featide",
        abstract: "Author, test and debug on-device features and decisions.",
        version: "0.1.0",
        subcommands: [
            CheckCommand.self, ExprCommand.self, RunCommand.self, TestCommand.self, TreeCommand.self,
            ExplainCommand.self, BenchCommand.self,
        ]
    )
}
