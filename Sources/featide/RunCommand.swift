import ArgumentParser
import Engine
import Mock

/// `featide run PROJECT --scenario NAME`: run one scenario, print its records as JSON Lines.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario on a virtual clock and print its records as JSON Lines.")

    @OptionGroup var selection: ScenarioSelection

    func run() throws {
        let (loaded, scenario) = try selection.load()
        let result = try ScenarioRunner.run(scenario, in: loaded)
        for problem in result.problems { printError("\(scenario.name): \(problem)") }
        for record in result.records { print(record.jsonLine) }
    }
}
