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
        let selected = try scenarios(named: scenarioNames, in: loaded)
        var passed = 0, failed = 0
        var stoppedBy: PipelineError?
        // Side by side on the cores where results cannot differ; printed in the order given.
        ScenarioBatch.run(selected, in: loaded) { index, verdict in
            let run: ScenarioVerdict
            switch verdict {
            case .success(let done): run = done
            case .failure(let error):
                stoppedBy = error
                return false
            }
            print("scenario \(selected[index].name)")
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
                    print(TestReport.failure(outcome, start: selected[index].start))
                }
            }
            return true
        }
        if let stoppedBy { throw stoppedBy }
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
