import ArgumentParser
import Engine
import Foundation
import Mock

/// `featide run PROJECT --scenario NAME`: run one scenario, print its records as JSON Lines.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario on a virtual clock and print its records as JSON Lines.")

    @OptionGroup var selection: ScenarioSelection

    func run() throws {
        let (loaded, scenario) = try selection.load()
        // Unbuffered: each record is written as it happens, so a crash loses nothing printed.
        let verdict = try ScenarioRunner.stream(scenario, in: loaded) { record in
            var line = record.jsonBytes
            line.append(UInt8(ascii: "\n"))
            FileHandle.standardOutput.write(Data(line))
        }
        for problem in verdict.problems { printError("\(scenario.name): \(problem)") }
    }
}
