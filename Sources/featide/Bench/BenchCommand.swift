import ArgumentParser

/// `featide bench <workload>`: micro-benchmarks, run from a release build
/// (`swift run -c release featide bench expr`). Never part of the test suite.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure engine hot paths (use a release build).",
        subcommands: [ExprBenchCommand.self, BenchDecode.self, BenchAggregate.self, BenchPipeline.self, BenchMatch.self, BenchDecide.self, BenchEngine.self, BenchE2E.self]
    )
}
