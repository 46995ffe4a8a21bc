import ArgumentParser
import Engine
import Mock

/// `featide test PROJECT [SCENARIO...]`: run scenarios and check their expectations.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run scenarios and check their expectations; ends with `N passed, N failed`.")

    @Argument(help: "The project folder.")
    var project: String = "."

    @Argument(help: "Scenarios to run (default: all).")
    var scenarioNames: [String] = []

    func run() throws {
        let loaded = try loadValidProject(project)
        var passed = 0, failed = 0
        for scenario in try scenarios(named: scenarioNames, in: loaded) {
            let run = try ScenarioRunner.run(scenario, in: loaded)
            print("scenario \(scenario.name)")
            for problem in run.problems {
                failed += 1
                print("  ✗ \(problem)")
            }
            for outcome in run.outcomes {
                if outcome.passed {
                    passed += 1
                    print("  ✓ \(outcome.subject)")
                } else {
                    failed += 1
                    print(TestReport.failure(outcome, start: scenario.start))
                }
            }
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}

/// How a failed expectation is shown: where it is, expected versus actual, and the events
/// that led there.
enum TestReport {
    static func failure(_ outcome: ExpectationOutcome, start: Int64) -> String {
        var lines = [
            "  ✗ \(outcome.subject)  (\(outcome.expectation.location))",
            "      expected: \(outcome.expected)",
            "      actual:   \(outcome.actual)",
        ]
        if !outcome.recentEvents.isEmpty {
            lines.append("      last events:")
            for event in outcome.recentEvents {
                let page = event.page.map { " page=\($0)" } ?? ""
                let params = event.params.isEmpty ? "" : " params=\(PlainJSON.text(.map(event.params)))"
                lines.append("        \(TimeSpan(milliseconds: event.ts - start)) \(event.type)\(page)\(params)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
