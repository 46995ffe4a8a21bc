/// Trigger → script → action (SPEC §7) for one engine: finds the decisions an event or a
/// pattern match triggers, checks rollout, hands the script its `ctx`, and turns the result —
/// or, when the script fails, the `fallback` — into an action record.
final class DecisionEngine {
    private var decisions: [CompiledDecision]
    private let byEventType: [String: [Int]]
    private let byPattern: [String: [Int]]
    private let runtime: ScriptRuntime
    private let device: DeviceProfile
    private let input: CELMap
    unowned let pipeline: EnginePipeline
    var onLog: (LogRecord) -> Void = { _ in }
    var onDecision: (DecisionRecord) -> Void = { _ in }
    private(set) var metrics = DecisionMetrics()

    init(pipeline: EnginePipeline, runtime: ScriptRuntime, device: DeviceProfile, input: CELMap) throws(PipelineError) {
        self.pipeline = pipeline
        self.runtime = runtime
        self.device = device
        self.input = input
        var compiled: [CompiledDecision] = []
        var byEventType: [String: [Int]] = [:], byPattern: [String: [Int]] = [:]
        for decision in pipeline.project.decisions {
            let index = compiled.count
            compiled.append(try CompiledDecision(decision, device: device, defaultBudget: pipeline.project.manifest.budget,
                                                 pipeline: pipeline))
            switch decision.trigger {
            case .event(let types, _): for type in types { byEventType[type, default: []].append(index) }
            case .pattern(let ref): byPattern[ref.name, default: []].append(index)
            }
        }
        decisions = compiled
        self.byEventType = byEventType
        self.byPattern = byPattern
    }

    func triggers(eventType: String) -> Bool { !byEventType.isEmpty && byEventType[eventType] != nil }

    /// Whether any decision is triggered by events (not only by pattern matches).
    var triggeredByEvents: Bool { !byEventType.isEmpty }

    func triggers(pattern: String) -> Bool { byPattern[pattern] != nil }

    /// After `event` is applied (features include it); `activation` is bound to it.
    func eventApplied(_ event: Event, activation: CELActivation) {
        for i in byEventType[event.type] ?? [] {
            if let filter = decisions[i].filter {
                switch filter.evaluate(activation) {
                case .bool(true): break
                case .bool(false): continue
                case let other:
                    expressionFailed(i, "trigger.where", other, ts: event.ts)
                    continue
                }
            }
            fire(i, ts: event.ts, event: event, match: nil, activation: activation)
        }
    }

    func patternMatched(_ match: TriggerMatch, activation: CELActivation) {
        for i in byPattern[match.pattern] ?? [] {
            fire(i, ts: match.ts, event: match.lastEvent, match: match.value, activation: activation)
        }
    }

    private func fire(_ i: Int, ts: Int64, event: Event?, match: CELValue?, activation: CELActivation) {
        metrics.triggered += 1
        guard !decisions[i].breaker.isOpen else {
            metrics.skippedByBreaker += 1
            return
        }
        if let when = decisions[i].when {
            switch when.evaluate(activation) {
            case .bool(true): break
            case .bool(false): return
            case let other: return expressionFailed(i, "rollout.when", other, ts: ts)
            }
        }
        guard decisions[i].inRollout else { return }
        let service = decisions[i].service
        var features: [(name: String, value: CELValue)] = []
        features.reserveCapacity(decisions[i].inputNames.count)
        for name in decisions[i].inputNames {
            switch service.query(name, at: ts) {
            case .success(let value): features.append((name, value))
            case .failure(let denied): features.append((name, .error(CELError(denied.message))))
            }
        }
        pipeline.debugHook?.willRunDecision(decisions[i].decision.name, event: event, in: pipeline)
        let call = ScriptCall(
            caller: decisions[i].caller, ts: ts, event: event, match: match, features: features, service: service,
            input: input, device: device.fields, variant: decisions[i].variant,
            seed: decisions[i].seed(at: ts), budget: decisions[i].budget)
        let outcome = runtime.invoke(decisions[i].decision.script.path, "decide", call)
        switch outcome.result {
        case .success(.null):
            decisions[i].breaker.recordSuccess()
        case .success(.map(let payload)):
            decisions[i].breaker.recordSuccess()
            act(i, ts: ts, payload: .map(payload), usedFallback: false)
        case .success(let other):
            failed(i, ScriptFailure(reason: .result, script: decisions[i].decision.script.path, line: 0, column: nil,
                                    message: "decide returned \(PlainJSON.text(other)); expected a dict or None",
                                    traceback: nil), ts: ts, elapsed: outcome.elapsedNanoseconds)
        case .failure(let failure):
            failed(i, failure, ts: ts, elapsed: outcome.elapsedNanoseconds)
        }
    }

    private func act(_ i: Int, ts: Int64, payload: CELValue, usedFallback: Bool) {
        let decision = decisions[i].decision
        let record = DecisionRecord(decision: decision.name, ts: ts, action: decision.action, payload: payload,
                                    variant: decisions[i].variant, usedFallback: usedFallback)
        metrics.actions += 1
        var fields = CELMap([(.string("action"), .string(decision.action.rawValue)), (.string("payload"), payload)])
        if let variant = record.variant { fields[.string("variant")] = .string(variant) }
        if usedFallback { fields[.string("fallback")] = .bool(true) }
        onLog(LogRecord(ts: ts, level: .info, source: "decision:\(decision.name)",
                        message: "\(decision.action.rawValue) action\(usedFallback ? " (fallback)" : "")", fields: fields))
        onDecision(record)
    }

    /// The script failed: log where and why, act on the fallback, and count towards the breaker.
    private func failed(_ i: Int, _ failure: ScriptFailure, ts: Int64, elapsed: UInt64) {
        metrics.scriptFailures += 1
        let decision = decisions[i].decision
        var fallback = decision.fallback
        if case .null? = fallback { fallback = nil }  // `fallback: null` means no action
        var fields = CELMap([
            (.string("decision"), .string(decision.name)), (.string("script"), .string(failure.script)),
            (.string("line"), .int(Int64(failure.line))), (.string("reason"), .string(failure.reason.rawValue)),
            (.string("error"), .string(failure.message)),
            (.string("elapsed_ms"), .double(Double(elapsed / 1000) / 1000)),
        ])
        if let traceback = failure.traceback { fields[.string("traceback")] = .string(traceback) }
        let consequence = fallback == nil ? "no action" : "using the fallback"
        onLog(LogRecord(ts: ts, level: .error, source: "script:\(failure.location)",
                        message: "decision '\(decision.name)' failed (\(failure.reason.rawValue)) at \(failure.location): "
                            + "\(failure.message); \(consequence)", fields: fields))
        if let fallback {
            metrics.fallbacks += 1
            act(i, ts: ts, payload: fallback, usedFallback: true)
        }
        if decisions[i].breaker.recordFailure() {
            onLog(LogRecord(ts: ts, level: .error, source: "decision:\(decision.name)",
                            message: "decision '\(decision.name)' disabled after \(CircuitBreaker.threshold) consecutive "
                                + "failures; it stays off until the next deploy",
                            fields: CELMap([(.string("decision"), .string(decision.name))])))
        }
    }

    private func expressionFailed(_ i: Int, _ field: String, _ value: CELValue, ts: Int64) {
        metrics.expressionErrors += 1
        guard !decisions[i].reportedExpressionError else { return }
        decisions[i].reportedExpressionError = true
        let reason: String
        if case .error(let e) = value { reason = e.message } else { reason = "got \(PlainJSON.text(value))" }
        onLog(LogRecord(ts: ts, level: .warn, source: "decision:\(decisions[i].decision.name)",
                        message: "\(field) failed; the decision does not fire on such triggers",
                        fields: CELMap([(.string("reason"), .string(reason))])))
    }

    /// Whether a decision's circuit breaker is open (for `explain`, the IDE and tests).
    func isDisabled(_ name: String) -> Bool {
        decisions.first { $0.decision.name == name }?.breaker.isOpen ?? false
    }
}

/// What the decision engine did, for a user deciding whether to trust it.
public struct DecisionMetrics: Sendable, Codable {
    public var triggered = 0
    public var actions = 0
    public var fallbacks = 0
    public var scriptFailures = 0
    public var skippedByBreaker = 0
    public var expressionErrors = 0
}

extension DecisionEngine {
    /// Each decision's circuit breaker and logged-once flag, and the counters, for a snapshot.
    struct Snapshot: Codable {
        var breakers: [String: CircuitBreaker]
        var reportedExpressionErrors: Set<String>
        var metrics: DecisionMetrics
    }

    var snapshot: Snapshot {
        Snapshot(breakers: Dictionary(uniqueKeysWithValues: decisions.map { ($0.decision.name, $0.breaker) }),
                 reportedExpressionErrors: Set(decisions.filter(\.reportedExpressionError).map(\.decision.name)),
                 metrics: metrics)
    }

    func restore(_ snapshot: Snapshot) {
        for i in decisions.indices {
            let name = decisions[i].decision.name
            decisions[i].breaker = snapshot.breakers[name] ?? CircuitBreaker()
            decisions[i].reportedExpressionError = snapshot.reportedExpressionErrors.contains(name)
        }
        metrics = snapshot.metrics
    }
}
