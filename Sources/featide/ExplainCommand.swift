import ArgumentParser
import Engine
import Mock

/// `featide explain PROJECT`: the compiled plan — shared states and the features on each,
/// features skipped because nothing consumes them, and what bounds each state's memory.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the compiled plan: shared aggregation states, their features and memory bounds, and each pattern's NFA.")

    @Argument(help: "The project folder.")
    var project: String = "."

    @Option(name: .long, help: "Also count as consumed the features this scenario's expectations read, and show the partial matches alive after running it.")
    var scenario: String?

    @Flag(name: .long, help: "Plan every feature as if something consumed it.")
    var all = false

    func run() throws {
        let loaded = try loadValidProject(project)
        var extra: [String] = []
        if let scenario {
            for expectation in try scenarios(named: [scenario], in: loaded)[0].expectations {
                if case .feature(let ref, _, _, _) = expectation.kind { extra.append(ref.name) }
            }
        }
        if all { extra += loaded.features.map(\.name) }
        let pipeline = try EnginePipeline(project: loaded, consumed: loaded.consumedFeatures(extra: extra))
        print(PlanReport.text(pipeline))
        var live: (scenario: String, counts: [String: [Int]])?
        if let scenario {
            var counts: [String: [Int]] = [:]
            _ = try ScenarioRunner.run(scenarios(named: [scenario], in: loaded)[0], in: loaded) { ran in
                for matcher in ran.matchers.matchers { counts[matcher.name] = matcher.partialMatchCounts }
            }
            live = (scenario, counts)
        }
        print(PatternReport.text(pipeline.matchers, live: live))
    }
}

/// The plan as text; `explain` prints it and the IDE will show it.
enum PlanReport {
    static func text(_ pipeline: EnginePipeline) -> String {
        let plan = pipeline.plan
        var lines = ["\(plan.states.count) shared \(plural(plan.states.count, "state")) for "
            + "\(plan.bindings.count) computed \(plural(plan.bindings.count, "feature"))"]
        for (i, state) in pipeline.states.enumerated() {
            lines.append("")
            lines.append("state \(i + 1): \(state.plan.key)")
            for name in state.plan.features {
                guard let binding = plan.bindings[name] else { continue }
                let channel = binding.channel.map { " of \(state.plan.channels[$0].value.text)" } ?? ""
                lines.append("  \(name) = \(binding.op)\(channel)")
            }
            lines.append("  memory: \(state.memoryBound)")
        }
        lines += ScriptPlanReport.lines(pipeline.project)
        lines.append("")
        if plan.notComputed.isEmpty {
            lines.append("every aggregation feature is consumed")
        } else {
            lines.append("not computed (nothing consumes them): \(plan.notComputed.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

/// Each pattern's NFA, with its live partial matches per state after a scenario.
enum PatternReport {
    static func text(_ matchers: PatternMatchers, live: (scenario: String, counts: [String: [Int]])?) -> String {
        guard !matchers.matchers.isEmpty else { return "" }
        var lines: [String] = []
        for matcher in matchers.matchers {
            lines.append("")
            let counts = live?.counts[matcher.name]
            lines += matcher.nfa.describe(liveCounts: counts)
            let bound = "bounded to \(matcher.maxPartialMatches) partial matches (oldest dropped)"
            if let live, let counts {
                lines.append("  \(counts.reduce(0, +)) partial matches alive after scenario \(live.scenario); \(bound)")
            } else {
                lines.append("  \(bound)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
