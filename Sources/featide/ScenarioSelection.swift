import ArgumentParser
import Engine

/// `PROJECT --scenario NAME`, shared by the commands that work on one scenario.
struct ScenarioSelection: ParsableArguments {
    @Argument(help: "The project folder.")
    var project: String = "."

    @Option(name: .long, help: "The scenario to use.")
    var scenario: String

    /// The valid project and the named scenario, or a clear error.
    func load() throws -> (project: Project, scenario: Scenario) {
        let loaded = try loadValidProject(project)
        return (loaded, try scenarios(named: [scenario], in: loaded)[0])
    }
}
