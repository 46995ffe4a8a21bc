import ArgumentParser
import Engine
import Mock

/// `featide tree PROJECT --scenario NAME`: the behaviour tree a scenario's events build.
struct TreeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tree",
        abstract: "Print the behaviour tree (session → app → scene → page → behavior) of a scenario.")

    @OptionGroup var selection: ScenarioSelection

    func run() throws {
        let (loaded, scenario) = try selection.load()
        let events = ScenarioEventStream(scenario)
        let pipeline = try EnginePipeline(project: loaded, consumed: [], device: scenario.device)
        for event in events { pipeline.submit(event) }
        for problem in events.problems { printError("\(scenario.name): \(problem)") }
        pipeline.advance(to: events.end ?? scenario.start)
        print(pipeline.behaviorTree.render(), terminator: "")
    }
}
