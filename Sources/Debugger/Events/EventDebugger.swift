import Engine
import Synchronization

/// Event-stream debugging (SPEC §10, issue 11 item 3): breakpoints on events, pattern
/// matches, decisions and feature values across every pipeline of the engine, stepping one
/// event, pausing. It is the engine's `PipelineDebugHookProvider`; a DAP session drives it.
///
/// Threads: hooks run on the engine's thread and block it while stopped; the session calls
/// in from the debug adapter's thread. Shared state sits behind one mutex; `armed` lets a
/// hook return at once when nothing could stop (no client, no breakpoint, no step, no pause).
public final class EventDebugger: PipelineDebugHookProvider, @unchecked Sendable {
    /// The one client attached (DAP session): an id and where its events go.
    struct Client {
        let id: Int
        let send: @Sendable (any DAPOutgoing) -> Void
    }

    struct State {
        var client: Client?
        var functionRules: [FunctionBreakpointRule] = []
        var dataRules: [DataBreakpointRule] = []
        var pauseRequested = false
        /// `next` asked on this thread: stop after its current (or next) event.
        var stepThread: Int?
        /// Thread names to stop before their first event (`stopOnEntry`).
        var entryPending: Set<String> = []
        /// Live threads by id: `1` is the engine's live pipeline, others played scenarios.
        var threads: [Int: String] = [:]
        var nextThreadID = 2
        /// The deployed project's names, for checking breakpoints.
        var names: ProjectNames?
        var stop: (snapshot: StopSnapshot, gate: StopGate)?
        /// Played scenarios' recordings (step back), by thread; and the recorded event shown
        /// instead of the live stop after a step back.
        var histories: [Int: StopHistory] = [:]
        var viewing: (thread: Int, index: Int)?
        var nextBreakpointID = 1
        var reportedConditionErrors: Set<Int> = []
        /// The script backend has breakpoints: hooks keep track of where the engine is, so a
        /// script stop shows the event and decision below its frames.
        var scriptsActive = false

        /// Played scenarios are recorded while a client is attached (the live engine is not).
        func isRecording(_ thread: Int) -> Bool { client != nil && thread != 1 }

        var wantsEvents: Bool {
            client != nil && (!functionRules.isEmpty || !dataRules.isEmpty || pauseRequested || stepThread != nil
                || !entryPending.isEmpty || scriptsActive || threads.keys.contains { $0 != 1 })
        }

        /// What the client sees now: a recorded event after a step back, else the live stop.
        var shown: StopSnapshot? {
            if let viewing, let history = histories[viewing.thread], viewing.index < history.stops.count {
                return history.stops[viewing.index].snapshot
            }
            return stop?.snapshot
        }
    }

    let state = Mutex(State())
    /// The script debugger every pipeline's scripts run under (set once, before any attach):
    /// the live engine's and each played scenario's.
    public var scriptDebugger: ScriptDebugger?
    let armed = Atomic<Bool>(false)
    /// Called on the engine's thread after each stop with how long it lasted (the engine's
    /// live clock stands still meanwhile). Set before serving.
    public var afterStop: (Duration) -> Void = { _ in }
    /// The hook of the pipeline that began the latest event (engine thread only): where a
    /// script stop happens.
    weak var running: PipelineHook?

    public init() {}

    // MARK: PipelineDebugHookProvider (engine thread)

    public func attach(_ pipeline: EnginePipeline, named name: String, device: DeviceProfile) -> PipelineDebugHook {
        if let scriptDebugger { pipeline.scripts.debugger = scriptDebugger }
        let names = ProjectNames(pipeline.project)
        let (id, client) = state.withLock { s -> (Int, Client?) in
            s.names = names
            let id: Int
            if name == "engine" { id = 1 } else {
                id = s.nextThreadID
                s.nextThreadID += 1
            }
            let started = s.threads[id] == nil
            s.threads[id] = name
            return (id, started ? s.client : nil)
        }
        rearm()
        client?.send(DAPEvent(event: "thread", body: ThreadEventBody(reason: "started", threadId: id)))
        return PipelineHook(debugger: self, threadID: id, name: name, device: device)
    }

    public func detach(_ pipeline: EnginePipeline) {
        if scriptDebugger != nil, pipeline.scripts.debugger === scriptDebugger { pipeline.scripts.debugger = nil }
        guard let hook = pipeline.debugHook as? PipelineHook, hook.threadID != 1 else { return }
        let client = state.withLock { s -> Client? in
            s.threads[hook.threadID] = nil
            s.histories[hook.threadID] = nil
            if s.viewing?.thread == hook.threadID { s.viewing = nil }
            if s.stepThread == hook.threadID { s.stepThread = nil }
            return s.client
        }
        rearm()
        client?.send(DAPEvent(event: "thread", body: ThreadEventBody(reason: "exited", threadId: hook.threadID)))
    }

    func rearm() {
        let wants = state.withLock { $0.wantsEvents }
        armed.store(wants, ordering: .relaxed)
    }

    // MARK: the client's side (adapter thread)

    /// Makes `client` the one debugging; false when another is.
    func connect(_ client: Client) -> Bool {
        state.withLock { s in
            guard s.client == nil else { return false }
            s.client = client
            return true
        }
    }

    /// The client left (`disconnect`, or its connection closed): breakpoints go and a
    /// stopped engine goes on.
    func disconnect(clientID: Int) {
        let gate = state.withLock { s -> StopGate? in
            guard s.client?.id == clientID else { return nil }
            s.client = nil
            s.functionRules = []
            s.dataRules = []
            s.pauseRequested = false
            s.stepThread = nil
            s.entryPending = []
            s.histories = [:]
            s.viewing = nil
            return s.stop?.gate
        }
        rearm()
        gate?.resume(.proceed)
    }

    /// The adapter is going away: whoever is attached is let go, and the engine goes on.
    public func shutdown() {
        if let id = state.withLock({ $0.client?.id }) { disconnect(clientID: id) }
    }

    func setFunctionBreakpoints(_ breakpoints: [FunctionBreakpoint]) -> [Breakpoint] {
        let answers = state.withLock { s -> [Breakpoint] in
            var rules: [FunctionBreakpointRule] = []
            let answers = breakpoints.map { breakpoint -> Breakpoint in
                let id = s.nextBreakpointID
                s.nextBreakpointID += 1
                switch FunctionBreakpointRule.parse(breakpoint, id: id, known: s.names) {
                case .success(let rule):
                    rules.append(rule)
                    return Breakpoint(id: id, verified: true)
                case .failure(let why):
                    return Breakpoint(id: id, verified: false, message: why.message)
                }
            }
            s.functionRules = rules
            return answers
        }
        rearm()
        return answers
    }

    /// What a data breakpoint on `name` would watch: a feature, or one key of a grouped one
    /// (`name` is then the key, `reference` the grouped feature's children in a stop).
    func dataBreakpointInfo(name: String, reference: Int?) -> DataBreakpointInfoBody {
        let (names, stop) = state.withLock { ($0.names, $0.stop?.snapshot) }
        var dataId = name
        if let reference, let stop, reference != stop.featureScope {
            guard let feature = stop.featureOfReference[reference] else {
                return DataBreakpointInfoBody(dataId: nil, description: "'\(name)' is not a feature or a key of one")
            }
            dataId = "\(feature)[\(PlainJSON.text(.string(name)))]"
        }
        switch DataBreakpointRule.parse(dataId: dataId, id: 0, known: names) {
        case .success(let rule):
            let what = rule.key.map { "feature \(rule.feature), key \(PlainJSON.text($0))" } ?? "feature \(rule.feature)"
            return DataBreakpointInfoBody(dataId: rule.dataId, description: "\(what): stop when an event changes it",
                                          accessTypes: ["write"], canPersist: true)
        case .failure(let why):
            return DataBreakpointInfoBody(dataId: nil, description: why.message)
        }
    }

    func setDataBreakpoints(_ breakpoints: [DataBreakpoint]) -> [Breakpoint] {
        let answers = state.withLock { s -> [Breakpoint] in
            var rules: [DataBreakpointRule] = []
            let answers = breakpoints.map { breakpoint -> Breakpoint in
                let id = s.nextBreakpointID
                s.nextBreakpointID += 1
                switch DataBreakpointRule.parse(dataId: breakpoint.dataId, id: id, known: s.names) {
                case .success(let rule):
                    rules.append(rule)
                    return Breakpoint(id: id, verified: true)
                case .failure(let why):
                    return Breakpoint(id: id, verified: false, message: why.message)
                }
            }
            s.dataRules = rules
            return answers
        }
        rearm()
        return answers
    }

    func stopOnEntry(of threadName: String) {
        state.withLock { _ = $0.entryPending.insert(threadName) }
        rearm()
    }

    func pause() {
        state.withLock { $0.pauseRequested = true }
        rearm()
    }

    var threads: [DAPThread] {
        state.withLock { s in s.threads.sorted { $0.key < $1.key }.map { DAPThread(id: $0.key, name: $0.value) } }
    }

    /// The stop being shown (a recorded one after a step back), if the engine is stopped.
    var currentStop: StopSnapshot? { state.withLock { $0.shown } }

    // MARK: stopping (engine thread)

    /// Shows `snapshot` to the client and blocks until it resumes (returns at once without a
    /// client, as `proceed`). A step from an event-level stop stops after the event; from a
    /// script stop the step is the script's.
    @discardableResult
    func stop(_ snapshot: StopSnapshot, reason: String, description: String?, hits: [Int]) -> ResumeAction {
        let gate = StopGate()
        let client = state.withLock { s -> Client? in
            guard let client = s.client else { return nil }
            s.stop = (snapshot, gate)
            s.viewing = nil
            s.stepThread = nil
            s.pauseRequested = false
            return client
        }
        guard let client else { return .proceed }
        client.send(DAPEvent(event: "stopped", body: StoppedBody(
            reason: reason, description: description, threadId: snapshot.threadID, allThreadsStopped: true,
            hitBreakpointIds: hits.isEmpty ? nil : hits)))
        let stoppedAt = ContinuousClock.now
        let action = gate.wait()
        afterStop(ContinuousClock.now - stoppedAt)
        state.withLock { s in
            s.stop = nil
            s.viewing = nil
            if action != .proceed, snapshot.script == nil, s.client != nil { s.stepThread = snapshot.threadID }
        }
        rearm()
        return action
    }

    /// Says once per breakpoint that its condition could not be evaluated.
    func conditionFailed(_ id: Int, _ message: String) {
        let client = state.withLock { s -> Client? in s.reportedConditionErrors.insert(id).inserted ? s.client : nil }
        client?.send(DAPEvent(event: "output", body: OutputBody(
            category: "console", output: "breakpoint \(id): condition failed (\(message)); it does not stop there\n")))
    }
}
