import Engine

/// The debugger inside one pipeline (one DAP thread): decides at each hook call whether to
/// stop, and keeps what a stop shows of the event in progress. Engine thread only.
final class PipelineHook: PipelineDebugHook {
    let debugger: EventDebugger
    let threadID: Int
    let name: String
    let device: DeviceProfile
    /// Feature values when the event in progress arrived, for "before" and data breakpoints.
    private var before: [String: CELValue] = [:]
    /// Events begun on this thread (while armed), and what the one in progress caused.
    private var sequence = 0
    private var matches: [String] = []
    private var decisions: [String] = []
    /// Each data breakpoint's value then, by breakpoint id.
    private var watchedBefore: [Int: CELValue] = [:]
    private var event: Event?
    /// The last place this thread reached (where a script stop happens: in a decision).
    private var point: StopPoint = .beforeEvent
    private weak var pipeline: EnginePipeline?

    init(debugger: EventDebugger, threadID: Int, name: String, device: DeviceProfile) {
        self.debugger = debugger
        self.threadID = threadID
        self.name = name
        self.device = device
    }

    private var armed: Bool { debugger.armed.load(ordering: .relaxed) }

    func willApply(_ event: borrowing Event, in pipeline: EnginePipeline) {
        guard armed else { return }
        let event = copy event
        self.event = event
        self.pipeline = pipeline
        point = .beforeEvent
        debugger.running = self
        sequence += 1
        matches = []
        decisions = []
        before = [:]
        for feature in pipeline.debugFeatureNames { before[feature] = pipeline.debugValue(of: feature, at: event.ts) }
        let (rules, dataRules, pause, entry) = debugger.state.withLock { s in
            (s.functionRules, s.dataRules, s.pauseRequested, s.entryPending.remove(name) != nil)
        }
        watchedBefore = [:]
        for rule in dataRules { watchedBefore[rule.id] = pipeline.debugValue(of: rule.feature, key: rule.key, at: event.ts) }
        if entry || pause {
            return stop(.beforeEvent, pipeline, reason: entry ? "entry" : "pause", description: nil, hits: [])
        }
        let hits = matching(rules, event) { if case .event(let type) = $0 { type == event.type } else { false } }
        if !hits.isEmpty {
            stop(.beforeEvent, pipeline, reason: "function breakpoint", description: "event:\(event.type)", hits: hits)
        }
    }

    func statesUpdated(by event: borrowing Event, in pipeline: EnginePipeline) {
        guard armed else { return }
        point = .statesUpdated
        let rules = debugger.state.withLock { $0.dataRules }
        var hits: [Int] = [], changes: [String] = []
        for rule in rules {
            let was = watchedBefore[rule.id]
            guard let now = pipeline.debugValue(of: rule.feature, key: rule.key, at: event.ts) else { continue }
            if let was, !PlainJSON.sameText(was, now) {
                hits.append(rule.id)
                changes.append("\(rule.dataId): \(PlainJSON.text(was)) → \(PlainJSON.text(now))")
            }
        }
        if !hits.isEmpty {
            stop(.statesUpdated, pipeline, reason: "data breakpoint", description: changes.joined(separator: ", "), hits: hits)
        }
    }

    func matchFound(_ match: PatternMatch, completedBy event: Event?, in pipeline: EnginePipeline) {
        guard armed, !match.timedOut else { return }
        matches.append(match.pattern)
        let rules = debugger.state.withLock { $0.functionRules }
        let hits = matching(rules, event) { if case .pattern(let name) = $0 { name == match.pattern } else { false } }
        let pattern = pipeline.project.patterns.first { $0.name == match.pattern }
        point = .match(match, pattern)
        guard !hits.isEmpty else { return }
        if event == nil {
            self.event = nil
            before = [:]
        }
        stop(.match(match, pattern), pipeline, ts: match.ts, reason: "function breakpoint", description: "pattern:\(match.pattern)", hits: hits)
    }

    func willRunDecision(_ decision: String, event: Event?, in pipeline: EnginePipeline) {
        guard armed else { return }
        decisions.append(decision)
        let rules = debugger.state.withLock { $0.functionRules }
        let hits = matching(rules, event) { if case .decision(let name) = $0 { name == decision } else { false } }
        let definition = pipeline.project.decisions.first { $0.name == decision }
        point = .decision(definition)
        guard !hits.isEmpty else { return }
        stop(.decision(definition), pipeline, reason: "function breakpoint", description: "decision:\(decision)", hits: hits)
    }

    func didApply(_ event: borrowing Event, in pipeline: EnginePipeline) {
        guard armed else { return }
        point = .afterEvent
        let (recording, stepping) = debugger.state.withLock { ($0.isRecording(threadID), $0.stepThread == threadID) }
        guard recording || stepping else { return }
        let snapshot = snapshot(.afterEvent, pipeline)
        if recording {
            debugger.record(RecordedStop(sequence: sequence, snapshot: snapshot, before: before, matches: matches, decisions: decisions))
        }
        if stepping { debugger.stop(snapshot, reason: "step", description: nil, hits: []) }
    }

    // MARK: -

    /// The ids of the rules for `target` whose condition holds.
    private func matching(_ rules: [FunctionBreakpointRule], _ event: Event?,
                          _ target: (FunctionBreakpointRule.Target) -> Bool) -> [Int] {
        rules.filter { rule in
            guard target(rule.target) else { return false }
            let (holds, error) = rule.holds(for: event, device: device)
            if let error { debugger.conditionFailed(rule.id, error) }
            return holds && (rule.hitCondition?.hit() ?? true)
        }.map(\.id)
    }

    private func stop(_ point: StopPoint, _ pipeline: EnginePipeline, ts: Int64? = nil, reason: String,
                      description: String?, hits: [Int]) {
        debugger.stop(snapshot(point, pipeline, ts: ts), reason: reason, description: description, hits: hits)
    }

    /// A script stopped during this thread's event (in the decision it reached last): the
    /// event-level snapshot with the script on top.
    func scriptSnapshot(_ control: ScriptStopControl) -> StopSnapshot? {
        guard let pipeline else { return nil }
        var snapshot = snapshot(point, pipeline)
        snapshot.script = control
        return snapshot
    }

    private func snapshot(_ point: StopPoint, _ pipeline: EnginePipeline, ts: Int64? = nil) -> StopSnapshot {
        StopSnapshotBuilder.build(thread: threadID, threadName: name, sequence: event == nil ? 0 : sequence, point: point,
                                  event: event, ts: ts ?? event?.ts ?? 0, before: before, pipeline: pipeline, device: device)
    }
}
