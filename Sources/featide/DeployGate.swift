import Engine
import Foundation
import Mock

/// `featide deploy`'s gate: every scenario must pass, and stay within the limits of
/// featide.yaml's `gate:` — the items a feature's state holds at the end (its memory) and the
/// mean cost of an event (decisions and scripts included).
enum DeployGate {
    struct Verdict {
        /// One line per scenario, kept with the deployment.
        var summary: [String] = []
        /// Why the gate refuses, each naming the scenario and the limit.
        var failures: [String] = []
    }

    static func run(_ project: Project) throws -> Verdict {
        var verdict = Verdict()
        let limits = project.manifest.gate
        let place = "featide.yaml gate"
        for scenario in project.scenarios {
            var held: [(features: [String], items: Int)] = []
            var events = 0
            var loading: UInt64 = 0
            let started = DispatchTime.now().uptimeNanoseconds
            // Streamed: the gate keeps verdicts, not records.
            let run = try ScenarioRunner.stream(scenario, in: project, inspect: { pipeline in
                held = pipeline.states.map { ($0.plan.features, $0.heldItems) }
                events = pipeline.metrics.eventsIn
                loading = pipeline.scripts.metrics.loadNanoseconds
            }, emit: { _ in })
            // Starting script workers and loading scripts happens once per deploy, not per event.
            let spent = DispatchTime.now().uptimeNanoseconds - started - loading
            let cost = events > 0 ? Double(spent) / 1000 / Double(events) : 0
            let failed = run.outcomes.filter { !$0.passed }
            var line = "scenario \(scenario.name): \(run.outcomes.count - failed.count) passed, \(failed.count + run.problems.count) failed"
            line += String(format: ", %.1f µs per event", cost)
            if let most = held.max(by: { $0.items < $1.items }) { line += ", at most \(most.items) items held" }
            verdict.summary.append(line)
            verdict.failures += failed.map { TestReport.failure($0, start: scenario.start) }
            verdict.failures += run.problems.map { "  ✗ \(scenario.name): \($0)" }
            if let maximum = limits.maxHeldItems {
                for state in held where state.items > maximum {
                    verdict.failures.append("  ✗ \(scenario.name): \(state.features.joined(separator: ", ")) hold \(state.items) items at the end; "
                                            + "\(place) allows max_held_items: \(maximum)")
                }
            }
            if let maximum = limits.maxEventCostMicroseconds, cost > Double(maximum) {
                verdict.failures.append(String(format: "  ✗ %@: %.1f µs per event; %@ allows max_event_cost_us: %d", scenario.name, cost, place, maximum))
            }
        }
        return verdict
    }
}
