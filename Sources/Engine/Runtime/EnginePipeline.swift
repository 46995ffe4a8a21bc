import DequeModule

/// The device runtime for one deployed project: events in, in `ts` order, through the
/// behaviour tree into the shared aggregation states; feature values out.
///
/// Not thread-safe by design: one serial executor owns it (DESIGN: events are ordered).
public final class EnginePipeline {
    public let project: Project
    public let plan: AggregationPlan
    /// The counters, with each state's updates and time as counted so far.
    public var metrics: EngineMetrics {
        var metrics = counters
        metrics.stateUpdates = Array(stateUpdates)
        metrics.stateNanoseconds = Array(stateNanoseconds)
        return metrics
    }
    /// `metrics` but its per-state counts, which are kept in owned memory: counted per state
    /// update, where an array would be checked for uniqueness each time.
    private var counters: EngineMetrics
    private let stateUpdates: UnsafeMutableBufferPointer<Int>
    private let stateNanoseconds: UnsafeMutableBufferPointer<UInt64>
    /// Every log record goes here (the scenario runner collects them; a live engine streams them).
    public var onLog: (LogRecord) -> Void = { _ in }
    /// Every action a decision takes (subscribers: the scenario runner, a live engine's clients).
    public var onDecision: (DecisionRecord) -> Void = { _ in }
    /// Every pattern match, as it is found (SPEC §6): records for `featide run`, triggers for decisions.
    public var onMatch: (PatternMatch) -> Void = { _ in }
    public let matchers: PatternMatchers
    /// A debugger's view of each event (nil: no debugger, and no cost beyond the nil checks).
    public var debugHook: PipelineDebugHook?

    private var tree: BehaviorTree {
        didSet { treeRef = Unmanaged.passUnretained(tree) }
    }
    /// `tree` unretained, for the per-event path.
    private var treeRef: Unmanaged<BehaviorTree>
    /// The live shared states, in plan order.
    public private(set) var states: [SharedAggregationState] {
        didSet { stateRefs = states.map(Unmanaged.passUnretained) }
    }
    /// `states` unretained (that array keeps them alive): the per-event loop borrows each
    /// instead of retaining and releasing it per update.
    private var stateRefs: [Unmanaged<SharedAggregationState>]
    /// Every event type a state listens to or the tree treats structurally, with both answers.
    private let typeRoutes: [TypeRoute]
    /// Each route's state updates, as numbers into the buffers below.
    private let updatePlan: StateUpdatePlan
    /// Whether any decision is triggered by an event type (most projects: none, no lookup).
    private var eventsTriggerDecisions = false
    /// For projects with many types; few are found faster by a length-filtered scan.
    private let typeRouteIndex: [String: Int]?
    /// The event as decisions see it (bound only when the project has decisions).
    private var activation: EventActivation
    private let bindsActivation: Bool
    /// What the state expressions read: the event's variables (`EventContext` order), then
    /// `values`, whose `params.f` slots those expressions name (`StateUpdatePlan`).
    /// Owned memory, touched only by the non-reentrant update path: no uniqueness checks.
    private let slots: UnsafeMutableBufferPointer<CELValue>
    private let eventFields: EventFieldBinding
    /// The value of each of `updatePlan`'s expressions for the event numbered
    /// `valueStamps[i]`: each is computed once per event, however many states read it.
    private let values: UnsafeMutableBufferPointer<CELValue>
    private let valueStamps: UnsafeMutableBufferPointer<Int>
    /// Numbers the updates (not `metrics.eventsProcessed`, which a snapshot can set back).
    private var valueStamp = 0
    private let lateness: Int64
    /// The message of the warn record each late event is logged with.
    public static let lateEventMessage = "late event dropped: older than the newest event minus allowed_lateness"
    /// Events waiting for `allowed_lateness` to pass, so that they enter in `ts` order.
    private var pending = LatenessBuffer()
    /// Events accepted but not yet applied: held until `allowed_lateness` has passed.
    public var pendingEvents: Int { pending.count }
    /// The newest `ts` seen, and the time up to which events have been released.
    private var newestTs = Int64.min
    private var releasedUpTo = Int64.min
    /// The time the pipeline has committed to: an event older than it is late. `Int64.min`
    /// before the first event.
    public var watermark: Int64 { max(releasedUpTo, newestTs == .min ? .min : newestTs.minusSaturating(lateness)) }
    /// The last events applied, standardised, oldest first (for failure reports and the IDE).
    /// An event joins once applied: callbacks during its application do not see it here.
    public var recentEvents: Deque<Event> {
        Deque(recentRing[recentNext...] + recentRing[..<recentNext])
    }
    public static let recentEventCapacity = 32
    /// Takes the events that leave the recent ring, in batches, instead of freeing them here:
    /// `featide run` hands them back to the thread that decoded them (`ScenarioEventStream.retire`).
    public var retireEvents: ((consuming [Event]) -> Void)?
    private var retiring: [Event] = []
    static let retireBatchSize = 512
    /// A ring of the recent events: once full, each event replaces the oldest, at `recentNext`.
    private var recentRing: [Event] = []
    private var recentNext = 0
    /// States that already logged an expression error (logged once each, counted always).
    private var reportedErrorStates: Set<Int> = []
    /// Python scripts of decisions and script features; decisions; script features.
    public let scripts: ScriptRuntime
    private(set) var decisions: DecisionEngine!
    /// How each feature name is answered, worked out once (reads are on the decision path).
    private let routes: [String: FeatureRoute]
    private(set) var scriptFeatures: ScriptFeatureEvaluator!
    /// True while an event is being applied: feature reads then see the engine as it is,
    /// without releasing further pending events in the middle of this one.
    private var applying = false

    /// - Parameters:
    ///   - consumed: features something reads; only their states are computed (on-demand).
    ///   - overrides: mocked feature values, answered instead of computing (scenario `features:`).
    ///   - input: business input handed to scripts as `ctx.input` (scenario `input:`).
    public init(project: Project, consumed: Set<String>, device: DeviceProfile? = nil,
                overrides: [String: CELValue] = [:], input: CELMap = CELMap()) throws(PipelineError) {
        self.project = project
        plan = AggregationPlanner.plan(project.features, consumed: consumed.subtracting(overrides.keys))
        states = plan.states.map(SharedAggregationState.init)
        stateRefs = states.map(Unmanaged.passUnretained)
        var byType: [String: [Int]] = [:]
        for (i, types) in StateUpdatePlan.eventTypes(plan.states).enumerated() {
            for type in types { byType[type, default: []].append(i) }
        }
        let structural = ["app_start", "scene_enter", "page_enter", "app_end", "scene_exit", "page_exit"]
        // State types first: they are the frequent ones.
        let types = byType.keys.sorted() + structural.filter { byType[$0] == nil }
        let typeRoutes = types.map { TypeRoute(type: $0, kind: EventKind(type: $0), states: byType[$0] ?? []) }
        self.typeRoutes = typeRoutes
        let updatePlan = try StateUpdatePlan(plan.states, routes: typeRoutes.map(\.states))
        self.updatePlan = updatePlan
        // Before the allocations below: a throw before every property is set skips deinit.
        do {
            matchers = try PatternMatchers(project: project, device: device ?? project.manifest.device)
        } catch {
            throw PipelineError(location: error.location, message: error.description)
        }
        stateUpdates = .allocate(capacity: plan.states.count)
        stateUpdates.initialize(repeating: 0)
        stateNanoseconds = .allocate(capacity: plan.states.count)
        stateNanoseconds.initialize(repeating: 0)
        slots = .allocate(capacity: StateUpdatePlan.firstValueSlot + updatePlan.expressions.count)
        slots.initialize(repeating: .null)
        slots[EventContext.deviceSlot] = .map((device ?? project.manifest.device).fields)
        // Rebased on a buffer that is never empty, so its `baseAddress` is never nil.
        values = UnsafeMutableBufferPointer(rebasing: slots[StateUpdatePlan.firstValueSlot...])
        valueStamps = .allocate(capacity: max(1, updatePlan.expressions.count))
        valueStamps.initialize(repeating: -1)
        typeRouteIndex = typeRoutes.count > 16
            ? Dictionary(uniqueKeysWithValues: typeRoutes.indices.map { (typeRoutes[$0].type, $0) }) : nil
        // Bind only the event fields some state expression reads; decisions evaluate their
        // own expressions over an activation of their own, with every field bound.
        eventFields = EventFieldBinding(fields: updatePlan.eventFields)
        activation = EventActivation(device: device ?? project.manifest.device)
        bindsActivation = !project.decisions.isEmpty
        lateness = project.manifest.allowedLateness.milliseconds
        tree = BehaviorTree(sessionGap: project.manifest.sessionGap)
        treeRef = Unmanaged.passUnretained(tree)
        counters = EngineMetrics()
        routes = FeatureRoute.routes(project, plan, overrides: overrides)
        scripts = ScriptRuntime(root: project.root)
        let device = device ?? project.manifest.device
        decisions = try DecisionEngine(pipeline: self, runtime: scripts, device: device, input: input)
        eventsTriggerDecisions = decisions.triggeredByEvents
        scriptFeatures = ScriptFeatureEvaluator(pipeline: self, runtime: scripts, device: device, input: input)
        scripts.onLog = { [unowned self] in onLog($0) }
        decisions.onLog = { [unowned self] in onLog($0) }
        decisions.onDecision = { [unowned self] in onDecision($0) }
        scriptFeatures.onLog = { [unowned self] in onLog($0) }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
        stateUpdates.deallocate()
        stateNanoseconds.deallocate()
        valueStamps.deallocate()
    }

    /// What decisions did so far.
    public var decisionMetrics: DecisionMetrics { decisions.metrics }

    /// Whether a decision's circuit breaker has disabled it.
    public func isDecisionDisabled(_ name: String) -> Bool { decisions.isDisabled(name) }

    /// How many times each script feature's or post script's function ran.
    public var scriptFeatureRuns: [String: Int] { scriptFeatures.runs }

    /// A match from this pipeline's patterns: subscribers first (`featide run` prints it before
    /// the actions it causes), then the decisions it triggers. Timed-out partial matches
    /// (`on_timeout: emit`) are reported but trigger nothing.
    private func matchFound(_ match: PatternMatch, completedBy event: Event?) {
        debugHook?.matchFound(match, completedBy: event, in: self)
        onMatch(match)
        guard !match.timedOut, decisions.triggers(pattern: match.pattern) else { return }
        patternMatched(TriggerMatch(match, completedBy: event))
    }

    /// Fires the decisions a pattern match triggers; `lastEvent` binds `rollout.when`.
    public func patternMatched(_ match: TriggerMatch) {
        if let event = match.lastEvent { activation.bind(event) }
        let wasApplying = applying
        applying = true
        defer { applying = wasApplying }
        decisions.patternMatched(match, activation: activation.activation)
    }

    /// The behaviour tree as built so far (for `featide tree` and the IDE).
    public var behaviorTree: BehaviorTree { tree }

    // MARK: Events in

    /// Accepts one event; it is applied once `allowed_lateness` has passed after it, or when
    /// the clock or a query reaches its time. A late event is dropped, counted and logged.
    public func submit(_ event: consuming Event) {
        counters.eventsIn += 1
        let watermark = self.watermark
        if event.ts < watermark {
            counters.eventsLate += 1
            onLog(LogRecord(ts: event.ts, level: .warn, source: "pipeline", message: Self.lateEventMessage,
                            fields: CELMap([(.string("type"), .string(event.type)), (.string("ts"), .int(event.ts)),
                                            (.string("watermark"), .int(watermark))])))
            return
        }
        newestTs = max(newestTs, event.ts)
        // In-order events with no lateness to wait for skip the buffer.
        if lateness == 0, pending.isEmpty {
            let ts = event.ts
            apply(event)
            releasedUpTo = max(releasedUpTo, ts)
            return
        }
        pending.insert(event)
        release(upTo: newestTs.minusSaturating(lateness))
    }

    // MARK: Handing state to the next version (EnginePipeline+Adopt)

    /// Applies every event still waiting for `allowed_lateness`.
    func flushPending() {
        while !pending.isEmpty { apply(pending.removeFirst()) }
        releasedUpTo = max(releasedUpTo, newestTs)
    }

    func replaceState(_ i: Int, with state: SharedAggregationState) { states[i] = state }
    func adoptTree(from old: EnginePipeline) { tree = old.tree }

    func adoptWatermark(from old: EnginePipeline) {
        newestTs = old.newestTs
        releasedUpTo = old.releasedUpTo
    }

    /// The clock, the lateness buffer, the recent events and the counters (for snapshots).
    var runtimeState: PipelineRuntimeState {
        get {
            PipelineRuntimeState(metrics: metrics, pending: pending.inOrder, newestTs: newestTs,
                                 releasedUpTo: releasedUpTo, recent: Array(recentEvents), reportedErrorStates: reportedErrorStates)
        }
        set {
            counters = newValue.metrics
            counters.stateUpdates = []
            counters.stateNanoseconds = []
            for i in stateUpdates.indices {
                stateUpdates[i] = i < newValue.metrics.stateUpdates.count ? newValue.metrics.stateUpdates[i] : 0
                stateNanoseconds[i] = i < newValue.metrics.stateNanoseconds.count ? newValue.metrics.stateNanoseconds[i] : 0
            }
            pending = LatenessBuffer(newValue.pending)
            newestTs = newValue.newestTs
            releasedUpTo = newValue.releasedUpTo
            recentRing = newValue.recent
            recentNext = 0
            reportedErrorStates = newValue.reportedErrorStates
        }
    }

    /// Counts an event that could not be decoded (it never reaches the pipeline).
    public func recordMalformed(_ error: EventDecodeError, source: String) {
        counters.eventsMalformed += 1
        onLog(LogRecord(ts: max(newestTs, 0), level: .warn, source: source, message: "malformed event rejected: \(error)"))
    }

    /// Moves engine time to `t`: every pending event with `ts <= t` is applied, and the
    /// behaviour tree notices session gaps.
    public func advance(to t: Int64) {
        release(upTo: t)
        tree.advance(to: t)
        matchers.advance(to: t) { match in matchFound(match, completedBy: nil) }
    }

    private func release(upTo t: Int64) {
        while let next = pending.nextTime, next <= t {
            apply(pending.removeFirst())
        }
        releasedUpTo = max(releasedUpTo, t)
    }

    /// The route of an event's type, without hashing the type string when there are few.
    /// Borrows the event: handed its type alone, the caller retained the string for the call.
    private func route(of event: borrowing Event) -> Int? {
        let type = event.type
        if let typeRouteIndex { return typeRouteIndex[type] }
        let length = type.utf8.count  // O(1), and most types differ in length
        for r in typeRoutes.indices where typeRoutes[r].length == length && typeRoutes[r].type == type { return r }
        return nil
    }

    // The event is moved, not copied, through here into the recent ring.
    private func apply(_ event: consuming Event) {
        let r = route(of: event)
        let kind = r.map { typeRoutes[$0].kind } ?? EventKind(type: event.type)
        treeRef._withUnsafeGuaranteedRef { $0.standardise(&event, kind: kind) }
        counters.eventsProcessed += 1
        if let debugHook { debugHook.willApply(event, in: self) }
        updateStatesAndDecisions(route: r, with: event)
        // Patterns see the event after the states and event-triggered decisions do, so a decision
        // on a match reads features that include it.
        // The closure runs during the call only: it need not retain the pipeline.
        matchers.process(event) { [unowned(unsafe) self] match in
            matchFound(match, completedBy: event.completes(match) ? event : nil)
        }
        if let debugHook { debugHook.didApply(event, in: self) }
        remember(event)
    }

    private func remember(_ event: consuming Event) {
        if recentRing.count < Self.recentEventCapacity {
            recentRing.append(event)
            return
        }
        if let retireEvents {
            var oldest = event
            swap(&recentRing[recentNext], &oldest)
            retiring.append(consume oldest)
            if retiring.count >= Self.retireBatchSize {
                retireEvents(retiring)
                retiring = []
                retiring.reserveCapacity(Self.retireBatchSize)
            }
        } else {
            recentRing[recentNext] = event
        }
        recentNext = (recentNext + 1) % Self.recentEventCapacity
    }

    /// `route`: the event type's route (nil: no state listens to it).
    private func updateStatesAndDecisions(route: Int?, with event: borrowing Event) {
        let positions = route.map(updatePlan.steps(ofRoute:)) ?? 0..<0
        let triggersDecision = eventsTriggerDecisions && decisions.triggers(eventType: event.type)
        guard !positions.isEmpty || triggersDecision else { return }
        if bindsActivation { activation.bind(event) }
        eventFields.bind(event, into: slots)
        valueStamp += 1
        let stamp = valueStamp
        // Several states read the same fields: each is looked up once, before them.
        if let route { updatePlan.readFields(ofRoute: route, from: event.params, into: values, stamps: valueStamps, stamp: stamp) }
        let position = treeRef._withUnsafeGuaranteedRef { $0.position }
        applying = true
        defer { applying = false }
        updateStates(positions, with: event, at: position, stamp: stamp)
        if let debugHook { debugHook.statesUpdated(by: event, in: self) }
        if triggersDecision { decisions.eventApplied(event, activation: activation.activation) }
    }

    /// The steps' updates. A function of its own, so that `update` is inlined into this loop
    /// with what it reads hoisted out of it: in the caller, which also binds the event and
    /// reads its fields, the inliner gave up on it.
    @inline(never)
    private func updateStates(_ positions: Range<Int>, with event: borrowing Event, at position: TreePosition, stamp: Int) {
        let slots = UnsafeBufferPointer(self.slots)
        for k in positions {
            let step = updatePlan.steps[k]
            let i = Int(step.state)
            stateUpdates[i] += 1
            // Reading the clock costs as much as a cheap update: time one update in 64 and scale.
            if stateUpdates[i] & 63 == 0 {
                timedUpdate(step, with: event, at: position, stamp: stamp, slots: slots)
            } else {
                update(step, with: event, at: position, stamp: stamp, slots: slots)
            }
        }
    }

    /// `update`, timed. Out of line: the clock's instants, of a size known only at run time,
    /// would otherwise take stack space set up on every event.
    @inline(never)
    private func timedUpdate(_ step: StateUpdateStep, with event: borrowing Event, at position: TreePosition, stamp: Int,
                             slots: UnsafeBufferPointer<CELValue>) {
        let start = ContinuousClock.now
        update(step, with: event, at: position, stamp: stamp, slots: slots)
        let elapsed = ContinuousClock.now - start
        stateNanoseconds[Int(step.state)] += 64 * (UInt64(elapsed.components.attoseconds / 1_000_000_000)
            + UInt64(elapsed.components.seconds) * 1_000_000_000)
    }

    @inline(__always)
    private func update(_ step: StateUpdateStep, with event: borrowing Event, at position: TreePosition, stamp: Int,
                        slots: UnsafeBufferPointer<CELValue>) {
        stateRefs[Int(step.state)]._withUnsafeGuaranteedRef { state in
            update(state, step, event, position, stamp, slots)
        }
    }

    @inline(__always)  // one caller (`update` above), per state and event
    private func update(_ state: SharedAggregationState, _ step: StateUpdateStep, _ event: borrowing Event,
                        _ position: TreePosition, _ stamp: Int, _ slots: UnsafeBufferPointer<CELValue>) {
        let i = Int(step.state)
        if step.filter >= 0 {
            let f = Int(step.filter)
            compute(f, event, stamp, slots)
            switch values[f] {
            case .bool(true): break
            case .bool(false): return
            case let other: return expressionFailed(state: i, "where", other, event)
            }
        }
        // A failed value leaves the event out of that channel's features only: the state
        // takes the event for the others (sharing is invisible, SPEC §4). The state reads the
        // values where they are: nothing is copied or built per update.
        for k in Int(step.channelsStart)..<Int(step.channelsEnd) {
            let v = Int(updatePlan.channelValues[k])
            if step.computesChannels { compute(v, event, stamp, slots) }
            if case .error = values[v] { expressionFailed(state: i, "value", values[v], event) }
        }
        let channelValues = UnsafePointer(updatePlan.channelValues.baseAddress! + Int(step.channelsStart))
        // Without `group_by` no key is made: a nil key still cost a call to destroy it.
        guard step.groupBy >= 0 else {
            return state.add(ts: event.ts, values: UnsafePointer(values.baseAddress!), channelValues: channelValues,
                             groupKey: nil, position: position)
        }
        let key: CELMapKey?
        let g = Int(step.groupBy)
        compute(g, event, stamp, slots)
        switch values[g] {
        case .string(let s): key = .string(s)
        case .null: return  // no key: the event is left out of these features
        case .error: return expressionFailed(state: i, "group_by", values[g], event)
        default: key = GroupKey.from(values[g])
        }
        state.add(ts: event.ts, values: UnsafePointer(values.baseAddress!), channelValues: channelValues,
                  groupKey: key, position: position)
    }

    /// Makes `values[v]` expression v's value for this event (stamp), computing it only once.
    @inline(__always)
    private func compute(_ v: Int, _ event: borrowing Event, _ stamp: Int, _ slots: UnsafeBufferPointer<CELValue>) {
        guard valueStamps[v] != stamp else { return }
        values[v] = updatePlan.expressionRefs[v]._withUnsafeGuaranteedRef { $0.evaluate(event, slots: slots) }
        valueStamps[v] = stamp
    }

    /// An event whose expression fails is left out of that state; the first failure is logged.
    private func expressionFailed(state i: Int, _ field: String, _ value: CELValue, _ event: borrowing Event) {
        counters.expressionErrors += 1
        guard reportedErrorStates.insert(i).inserted else { return }
        let reason: String
        if case .error(let e) = value { reason = e.message } else { reason = "got \(PlainJSON.text(value))" }
        onLog(LogRecord(ts: event.ts, level: .warn, source: "state:\(plan.states[i].features.joined(separator: ","))",
                        message: "\(field) failed for a '\(event.type)' event; such events are left out of this state",
                        fields: CELMap([(.string("reason"), .string(reason))])))
    }

    // MARK: Features out

    /// The value of a feature at `t` (all events with `ts <= t` applied first). No permission
    /// check: callers go through `FeatureService`.
    public func value(of name: String, key: CELValue? = nil, at t: Int64) -> CELValue {
        if !applying { advance(to: t) }
        return read(name, key: key, at: t)
    }

    /// The time a live read answers at: the watermark, or `clock` before any event.
    public func committedTime(beforeAnyEvent clock: Int64) -> Int64 { newestTs == .min ? clock : watermark }

    /// The value of a feature at `committedTime`, without moving the clock: what a live device
    /// can answer while events stream in (reading at a later time would release the lateness
    /// buffer and make the stream's next events late).
    public func committedValue(of name: String, key: CELValue? = nil, beforeAnyEvent clock: Int64) -> CELValue {
        let wasApplying = applying
        applying = true  // script features read their inputs without moving the clock, too
        defer { applying = wasApplying }
        return read(name, key: key, at: committedTime(beforeAnyEvent: clock))
    }

    private func read(_ name: String, key: CELValue?, at t: Int64) -> CELValue {
        switch routes[name] {
        case nil: return .error(CELError("no feature named '\(name)'"))
        case .mocked(let value)?: return select(key, from: value)
        case .script(let script)?: return select(key, from: scriptFeatures.compute(name, script, at: t))
        case .notComputed?: return .error(CELError("feature '\(name)' is not computed: nothing consumes it"))
        case .aggregation(let binding, let post)?:
            let state = states[binding.state]
            if let post {
                // post(value, ctx) sees the whole value; a key then selects from what it returned.
                return select(key, from: scriptFeatures.post(name, post, raw: state.query(binding, at: t, position: tree.position), at: t))
            }
            guard let key else { return state.query(binding, at: t, position: tree.position) }
            guard let mapKey = GroupKey.from(key) else { return .error(CELError("\(PlainJSON.text(key)) cannot be a group_by key")) }
            return state.query(binding, key: mapKey, at: t, position: tree.position)
        }
    }

    private func select(_ key: CELValue?, from value: CELValue) -> CELValue {
        guard let key else { return value }
        // Grouped values have string keys; a script's or a mock's map may have others.
        guard case .map(let map) = value,
              let entry = GroupKey.from(key).flatMap({ map[$0] }) ?? CELMapKey(key).flatMap({ map[$0] }) else {
            return .error(CELError("no such key: \(PlainJSON.text(key))"))
        }
        return entry
    }
}

private struct TypeRoute {
    let type: String
    let length: Int
    let kind: EventKind
    let states: [Int]

    init(type: String, kind: EventKind, states: [Int]) {
        self.type = type
        length = type.utf8.count
        self.kind = kind
        self.states = states
    }
}

extension CELMapKey {
    /// The key for a value CEL allows as a map key.
    public init?(_ value: CELValue) {
        switch value {
        case .string(let s): self = .string(s)
        case .int(let n): self = .int(n)
        case .uint(let n): self = .uint(n)
        case .bool(let b): self = .bool(b)
        default: return nil
        }
    }
}
