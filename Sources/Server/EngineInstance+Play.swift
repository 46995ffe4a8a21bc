import Engine
import EngineProtocol
import Mock

extension EngineInstance {
    /// Runs a scenario of the active version exactly as `featide run` does (its own pipeline
    /// and virtual clock), and says when each record happened and each expectation was decided.
    public func play(_ params: PlayParams) -> Result<PlayResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        guard let scenario = active.project.scenario(named: params.scenario) else {
            let known = active.project.scenarios.map(\.name).joined(separator: ", ")
            return .failure(.notFound("version \(active.version) has no scenario '\(params.scenario)'; it has \(known)"))
        }
        let run: ScenarioRun
        // Under a debugger the scenario is a thread of its own, which may stop (the engine waits).
        var debugged: EnginePipeline?
        defer { if let debugged { debugHooks?.detach(debugged) } }
        let prepare = { [debugHooks] (pipeline: EnginePipeline) in
            guard let debugHooks else { return }
            debugged = pipeline
            pipeline.debugHook = debugHooks.attach(pipeline, named: "scenario \(scenario.name)",
                                                   device: scenario.device ?? active.project.manifest.device)
        }
        do { run = try ScenarioRunner.run(scenario, in: active.project, prepare: prepare) } catch {
            return .failure(.refused("the scenario cannot run: \(error)"))
        }
        let records = run.records.map { PlayResult.Record(ts: $0.ts, line: $0.jsonLine) }
        let end = records.last?.ts ?? scenario.start
        let outcomes = run.outcomes.map { outcome in
            PlayResult.Outcome(ts: Self.decidedAt(outcome.expectation, start: scenario.start, end: end), passed: outcome.passed,
                               subject: outcome.subject, expected: outcome.expected, actual: outcome.actual,
                               location: outcome.expectation.location.description)
        }
        return .success(PlayResult(start: scenario.start, records: records, outcomes: outcomes, problems: run.problems))
    }

    /// When an expectation's verdict is known: at its time, or at the end of the scenario.
    static func decidedAt(_ expectation: Expectation, start: Int64, end: Int64) -> Int64 {
        switch expectation.kind {
        case .feature(_, _, let at, _): start + at.milliseconds
        case .patternCount(_, _, let at): at.map { start + $0.milliseconds } ?? end
        case .decision(_, let at, _): at.map { start + $0.milliseconds } ?? end
        case .noDecision(_, let before): start + before.milliseconds
        }
    }
}
