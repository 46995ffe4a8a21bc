import Engine
import EngineProtocol

/// Records, event by event, when a tracked feature's value changes and which event changed
/// it (the IDE's Features pane: the last change, a watched feature's changes). It sits in
/// the pipeline's debug hook slot only while a client tracks something, passing every call
/// on to the debugger's hook, so an engine nobody watches pays nothing for it.
///
/// Engine thread only. Aggregation features only (`debugValue`, before any `post` script):
/// reading a script feature would run its script twice per event.
final class FeatureChangeTracker: PipelineDebugHook {
    static let changesKept = 20

    /// The debugger's hook this one passes every call on to.
    var inner: PipelineDebugHook?
    private(set) var tracked: [String] = []
    /// For each event type, the tracked features whose shared state takes it (indices into
    /// `tracked`): only those can change when such an event is applied.
    private var byType: [String: [Int]] = [:]
    /// The features the event in progress may change, and each one's value when it began.
    private var current: [Int] = []
    private var before: [CELValue] = []
    /// The last changes per feature, kept as values: written out as text only when a client
    /// reads them (`changes(of:)`), not on the event's path.
    private var recorded: [String: [Recorded]] = [:]

    private struct Recorded {
        let event: Event
        let from: CELValue
        let to: CELValue
    }

    /// A feature's recorded changes, oldest first, as a client sees them.
    func changes(of name: String) -> [FeatureChange]? {
        recorded[name]?.map { change in
            FeatureChange(ts: change.event.ts, event: Self.describe(change.event), from: PlainJSON.text(change.from),
                          to: PlainJSON.text(change.to), keys: Self.changedKeys(change.from, change.to))
        }
    }

    func track(_ names: [String], in pipeline: EnginePipeline) {
        let computed = Set(pipeline.debugFeatureNames)
        tracked = names.filter(computed.contains)
        byType = [:]
        for (i, name) in tracked.enumerated() {
            guard let binding = pipeline.plan.bindings[name] else { continue }
            for type in pipeline.plan.states[binding.state].key.on { byType[type, default: []].append(i) }
        }
        before = Array(repeating: .null, count: tracked.count)
        current = []
    }

    func willApply(_ event: borrowing Event, in pipeline: EnginePipeline) {
        current = byType[event.type] ?? []
        for i in current { before[i] = pipeline.debugValue(of: tracked[i], at: event.ts) ?? .null }
        inner?.willApply(event, in: pipeline)
    }

    func statesUpdated(by event: borrowing Event, in pipeline: EnginePipeline) {
        for i in current {
            guard let now = pipeline.debugValue(of: tracked[i], at: event.ts), !PlainJSON.sameText(before[i], now) else { continue }
            let name = tracked[i]
            var list = recorded.removeValue(forKey: name) ?? []
            if list.count >= Self.changesKept { list.removeFirst(list.count - Self.changesKept + 1) }
            list.append(Recorded(event: copy event, from: before[i], to: now))
            recorded[name] = list
            before[i] = now
        }
        current = []
        inner?.statesUpdated(by: event, in: pipeline)
    }

    /// `click {"item":"sku1","price":30.0} · page home`: what a person reads to know the event.
    static func describe(_ event: borrowing Event) -> String {
        var text = event.type
        if !event.params.isEmpty { text += " " + PlainJSON.text(.map(event.params)) }
        if let page = event.page { text += " · page \(page)" }
        return text
    }

    /// For two maps (a grouped feature): the keys added, removed or changed.
    static func changedKeys(_ was: CELValue, _ now: CELValue) -> [KeyChange]? {
        guard case .map(let a) = was, case .map(let b) = now else { return nil }
        var keys: [KeyChange] = []
        for key in b.keys {
            let from = a[key].map(PlainJSON.text) ?? "null", to = b[key].map(PlainJSON.text) ?? "null"
            if from != to { keys.append(KeyChange(key: PlainJSON.text(key.value), from: from, to: to)) }
        }
        for key in a.keys where b[key] == nil {
            keys.append(KeyChange(key: PlainJSON.text(key.value), from: a[key].map(PlainJSON.text) ?? "null", to: "null"))
        }
        return keys
    }

    func matchFound(_ match: PatternMatch, completedBy event: Event?, in pipeline: EnginePipeline) {
        inner?.matchFound(match, completedBy: event, in: pipeline)
    }

    func willRunDecision(_ decision: String, event: Event?, in pipeline: EnginePipeline) {
        inner?.willRunDecision(decision, event: event, in: pipeline)
    }

    func didApply(_ event: borrowing Event, in pipeline: EnginePipeline) {
        inner?.didApply(event, in: pipeline)
    }
}
