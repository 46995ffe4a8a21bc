import ArgumentParser
import Engine
import Mock

/// `featide tree PROJECT --scenario NAME`: the behaviour tree a scenario's events build.
struct TreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print the behaviour tree (session → app → scene → page → behavior) of a scenario.")

    @Argument(help: "The project folder.")
    var project: String = "."

    @Option(name: .long, help: "The scenario whose events build the tree.")
    var scenario: String

    func run() throws {
        let loaded = try loadValidProject(project)
        let scenario = try scenarios(named: [scenario], in: loaded)[0]
        let timeline = ScenarioTimeline(scenario)
        for problem in timeline.problems { printError("\(scenario.name): \(problem)") }
        let pipeline = try EnginePipeline(project: loaded, consumed: [], device: scenario.device)
        for event in timeline.events { pipeline.submit(event) }
        pipeline.advance(to: timeline.events.last?.ts ?? scenario.start)
        print(pipeline.behaviorTree.render(), terminator: "")
    }
}
