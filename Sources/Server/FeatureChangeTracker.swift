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
    /// Each tracked feature's value as JSON text when the event in progress began.
    private var before: [String: CELValue] = [:]
    private(set) var changes: [String: [FeatureChange]] = [:]

    func track(_ names: [String], in pipeline: EnginePipeline) {
        let computed = Set(pipeline.debugFeatureNames)
        tracked = names.filter(computed.contains)
    }

    func willApply(_ event: borrowing Event, in pipeline: EnginePipeline) {
        for name in tracked { before[name] = pipeline.debugValue(of: name, at: event.ts) }
        inner?.willApply(event, in: pipeline)
    }

    func statesUpdated(by event: borrowing Event, in pipeline: EnginePipeline) {
        for name in tracked {
            guard let was = before[name], let now = pipeline.debugValue(of: name, at: event.ts) else { continue }
            let from = PlainJSON.text(was), to = PlainJSON.text(now)
            guard from != to else { continue }
            var list = changes[name] ?? []
            list.append(FeatureChange(ts: event.ts, event: Self.describe(event), from: from, to: to,
                                      keys: Self.changedKeys(was, now)))
            changes[name] = Array(list.suffix(Self.changesKept))
            before[name] = now
        }
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
