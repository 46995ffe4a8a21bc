import Engine
import Foundation

/// Runs several scenarios of one project, side by side where that cannot change a result,
/// and reports each verdict in the order given, as soon as it and those before it are known.
///
/// Each scenario has its own pipeline and virtual clock, so a script-free run depends on
/// nothing but its inputs. Script calls have wall-clock budgets, though: two scenarios
/// sharing the cores could push a call over its budget, so a project with scripts runs its
/// scenarios one at a time.
public enum ScenarioBatch {
    public typealias Verdict = Result<ScenarioVerdict, PipelineError>

    /// Whether the project's scenarios may run beside each other: no decision and no script
    /// feature or `post:` script, so no run has a wall-clock budget.
    public static func runsSideBySide(_ project: Project) -> Bool {
        project.decisions.isEmpty && project.features.allSatisfy { $0.scriptFeature == nil && $0.post == nil }
    }

    /// One scenario at a time per core.
    public static var defaultWidth: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `scenarios` (their records are not kept) and calls `report` for each, in order,
    /// on the calling thread; `report` returning false stops the batch.
    public static func run(_ scenarios: [Scenario], in project: Project, width: Int = defaultWidth,
                           report: (Int, Verdict) -> Bool) {
        let runner: @Sendable (Scenario) -> Verdict = { scenario in
            Result { () throws(PipelineError) -> ScenarioVerdict in try ScenarioRunner.stream(scenario, in: project) { _ in } }
        }
        run(scenarios, width: runsSideBySide(project) ? width : 1, runner: runner, report: report)
    }

    /// `run` with the way one scenario runs given (tests observe the scheduling through it).
    static func run(_ scenarios: [Scenario], width: Int, runner: @escaping @Sendable (Scenario) -> Verdict,
                    report: (Int, Verdict) -> Bool) {
        guard width > 1, scenarios.count > 1 else {
            for index in scenarios.indices {
                guard report(index, runner(scenarios[index])) else { return }
            }
            return
        }
        let workers = min(width, scenarios.count)
        let slots = VerdictSlots(count: scenarios.count, workers: workers)
        for _ in 0..<workers {
            let worker = Thread { slots.work(scenarios, runner) }
            worker.stackSize = 8 << 20  // as the main thread's: deep expressions recurse
            worker.start()
        }
        for index in scenarios.indices {
            guard report(index, slots.take(index)) else { break }
        }
        slots.stopAndWait()
    }
}

/// The verdicts of a batch as workers finish them, handed to the reporting thread in order.
private final class VerdictSlots: @unchecked Sendable {
    // Every field below is read and written with `condition` locked.
    private let condition = NSCondition()
    private var verdicts: [ScenarioBatch.Verdict?]
    private var nextToStart = 0
    private var stopped = false
    /// Workers not yet done, counted from before they start.
    private var working: Int

    init(count: Int, workers: Int) {
        verdicts = Array(repeating: nil, count: count)
        working = workers
    }

    /// A worker's loop: take the next scenario not started, run it, store its verdict.
    func work(_ scenarios: [Scenario], _ runner: (Scenario) -> ScenarioBatch.Verdict) {
        condition.lock()
        while !stopped, nextToStart < scenarios.count {
            let index = nextToStart
            nextToStart += 1
            condition.unlock()
            let verdict = runner(scenarios[index])
            condition.lock()
            verdicts[index] = verdict
            condition.broadcast()
        }
        working -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for the verdict of scenario `index` and lets go of it.
    func take(_ index: Int) -> ScenarioBatch.Verdict {
        condition.lock()
        defer { condition.unlock() }
        while verdicts[index] == nil { condition.wait() }
        defer { verdicts[index] = nil }
        return verdicts[index]!
    }

    /// Starts no more scenarios and waits for the runs under way.
    func stopAndWait() {
        condition.lock()
        stopped = true
        while working > 0 { condition.wait() }
        condition.unlock()
    }
}
