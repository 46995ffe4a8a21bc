import Engine
import EngineProtocol
import Mock

extension EngineInstance {
    /// Runs a scenario of the active version exactly as `featide run` does (its own pipeline
    /// and virtual clock), and says when each record happened and each expectation was decided.
    /// Its decisions, matches and script logs also go to the engine's log, tagged with the
    /// scenario (`"play":"NAME"`), as they happen: `featide logs` and the IDE's Logs pane see
    /// what a play decided, apart from the live device's records.
    public func play(_ params: PlayParams) -> Result<PlayResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        guard let scenario = active.project.scenario(named: params.scenario) else {
            let known = active.project.scenarios.map(\.name).joined(separator: ", ")
            return .failure(.notFound("version \(active.version) has no scenario '\(params.scenario)'; it has \(known)"))
        }
        // Under a debugger the scenario is a thread of its own, which may stop (the engine waits).
        var debugged: EnginePipeline?
        defer { if let debugged { debugHooks?.detach(debugged) } }
        let prepare = { [debugHooks] (pipeline: EnginePipeline) in
            guard let debugHooks else { return }
            debugged = pipeline
            pipeline.debugHook = debugHooks.attach(pipeline, named: "scenario \(scenario.name)",
                                                   device: scenario.device ?? active.project.manifest.device)
        }
        let listLimit = min(max(0, params.listEvents ?? 0), PlayEvent.listLimit)
        var events: [PlayEvent] = []
        var moreEvents = 0
        var records: [PlayResult.Record] = []
        let recordLimit = params.listRecords.map { max(0, $0) } ?? .max
        var moreRecords = 0
        var log = PlayLog(scenario: scenario.name, limit: store.logRetention)
        let verdict: ScenarioVerdict
        do {
            verdict = try ScenarioRunner.stream(scenario, in: active.project, prepare: prepare, submitting: { event in
                guard events.count < listLimit else { return moreEvents += 1 }
                events.append(PlayEvent(ts: event.ts, type: event.type, page: event.page, params: PlainJSON.text(.map(event.params))))
            }, emit: { [unowned self] record in
                let line = record.jsonLine
                // The final values always come: they say when the scenario ended.
                if case .features = record {
                    records.append(PlayResult.Record(ts: record.ts, line: line))
                } else if records.count < recordLimit {
                    records.append(PlayResult.Record(ts: record.ts, line: line))
                } else {
                    moreRecords += 1
                }
                if let tagged = log.tag(record, line) { self.record(tagged.line, ts: record.ts, level: tagged.level) }
            })
        } catch {
            flushLogs()
            return .failure(.refused("the scenario cannot run: \(error)"))
        }
        let end = records.last?.ts ?? scenario.start
        let outcomes = verdict.outcomes.map { outcome in
            PlayResult.Outcome(ts: Self.decidedAt(outcome.expectation, start: scenario.start, end: end), passed: outcome.passed,
                               subject: outcome.subject, expected: outcome.expected, actual: outcome.actual,
                               location: outcome.expectation.location.description)
        }
        let failed = outcomes.filter { !$0.passed }.count + verdict.problems.count
        record(log.summary(version: active.version, passed: outcomes.count - outcomes.filter { !$0.passed }.count, failed: failed),
               ts: now(), level: failed > 0 ? "warn" : "info")
        flushLogs()
        var result = PlayResult(start: scenario.start, records: records, outcomes: outcomes, problems: verdict.problems)
        if listLimit > 0 {
            result.events = events
            result.moreEvents = moreEvents
        }
        if params.listRecords != nil { result.moreRecords = moreRecords }
        return .success(result)
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

/// What one play writes to the engine's log: its decisions, matches and log records with
/// `"play":"NAME"` first, at most `limit` of them (the log keeps no more than that anyway),
/// then a `play` record saying how it went and how many were left out.
struct PlayLog {
    let scenario: String
    let limit: Int
    private(set) var written = 0
    private(set) var leftOut = 0

    init(scenario: String, limit: Int) {
        self.scenario = scenario
        self.limit = limit
    }

    /// The record's line for the log with the scenario named in it, and its level; nil for
    /// the final `features` record (the play's result has it) and past the limit.
    mutating func tag(_ record: RunRecord, _ line: String) -> (line: String, level: String)? {
        let level: String
        switch record {
        case .features: return nil
        case .log(let log): level = log.level.rawValue
        case .decision, .match: level = "info"
        }
        guard written < limit else {
            leftOut += 1
            return nil
        }
        written += 1
        var tagged = "{\"play\":"
        PlainJSON.writeString(scenario, to: &tagged)
        tagged += ","
        tagged += line.dropFirst()
        return (tagged, level)
    }

    func summary(version: Int, passed: Int, failed: Int) -> String {
        var line = "{\"record\":\"play\",\"scenario\":"
        PlainJSON.writeString(scenario, to: &line)
        line += ",\"version\":\(version),\"passed\":\(passed),\"failed\":\(failed),\"logged\":\(written)"
        if leftOut > 0 { line += ",\"not_logged\":\(leftOut)" }
        return line + "}"
    }
}
