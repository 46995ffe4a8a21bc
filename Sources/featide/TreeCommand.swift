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
        let timeline = ScenarioTimeline(scenario)
        for problem in timeline.problems { printError("\(scenario.name): \(problem)") }
        let pipeline = try EnginePipeline(project: loaded, consumed: [], device: scenario.device)
        for event in timeline.events { pipeline.submit(event) }
        pipeline.advance(to: timeline.end ?? scenario.start)
        print(pipeline.behaviorTree.render(), terminator: "")
    }
}
