import Engine

/// Everything a client can read at one stop, taken on the engine's thread when it stops:
/// frames, scopes and every variable (values are small: the consumed features, the live
/// partial matches up to a limit). The client's thread then reads it without touching the
/// pipeline, which stays exactly as it was.
struct StopSnapshot: Sendable {
    var threadID: Int
    /// The number of the event in its thread (1 for the first; 0 at a stop without one).
    var sequence: Int
    var frames: [StackFrame]
    var scopes: [Scope]
    /// Children by `variablesReference`.
    var variables: [Int: [Variable]]
    /// Feature values now (what `evaluate NAME` answers).
    var features: [String: CELValue]
    /// The `Features` scope, and each grouped feature's children: which feature they show
    /// (a data breakpoint set from the variables view names one of these).
    var featureScope: Int
    var featureOfReference: [Int: String]
    /// The event being applied (conditions and `evaluate` bind it), and the device.
    var event: Event?
    var device: DeviceProfile
    /// A stopped script above the event-level frames (its frames, scopes and variables are
    /// the script backend's, shifted by `ScriptDebugBackend.referenceBase`).
    var script: ScriptStopControl?
}

/// Where in the application of an event a stop happened; it names the top frame.
enum StopPoint {
    case beforeEvent
    case statesUpdated
    case afterEvent
    case match(PatternMatch, Pattern?)
    case decision(Decision?)

    /// Patterns are read only between their updates: a match (and a decision it triggers)
    /// is found while the matchers change their partial matches.
    var patternsReadable: Bool {
        switch self {
        case .beforeEvent, .statesUpdated, .afterEvent: true
        case .match: false
        case .decision(let decision):
            if case .event? = decision?.trigger { true } else { false }
        }
    }
}

/// Builds a `StopSnapshot` from a stopped pipeline (on its thread).
struct StopSnapshotBuilder {
    static let partialMatchLimit = 50
    private var variables: [Int: [Variable]] = [:]
    private var featureOfReference: [Int: String] = [:]
    private var nextReference = 1

    static func build(thread: Int, threadName: String, sequence: Int, point: StopPoint, event: Event?, ts: Int64,
                      before: [String: CELValue], pipeline: EnginePipeline, device: DeviceProfile) -> StopSnapshot {
        var builder = StopSnapshotBuilder()
        return builder.snapshot(thread: thread, threadName: threadName, sequence: sequence, point: point, event: event, ts: ts,
                                before: before, pipeline: pipeline, device: device)
    }

    private mutating func snapshot(thread: Int, threadName: String, sequence: Int, point: StopPoint, event: Event?, ts: Int64,
                                   before: [String: CELValue], pipeline: EnginePipeline, device: DeviceProfile) -> StopSnapshot {
        var now: [String: CELValue] = [:]
        let names = pipeline.debugFeatureNames
        for name in names { now[name] = pipeline.debugValue(of: name, at: ts) }

        var scopes: [Scope] = []
        if let event {
            scopes.append(scope("Event", event.mapValue.mapEntries))
        }
        let changed = names.filter { name in
            guard let old = before[name], let new = now[name] else { return false }
            return !PlainJSON.sameText(old, new)
        }
        scopes.append(Scope(name: "Changed by this event", variablesReference: container(changed.map { name in
            Variable(name: name, value: "\(PlainJSON.text(before[name]!)) → \(PlainJSON.text(now[name]!))")
        }), namedVariables: changed.count))
        let featureScope = nextReference
        scopes.append(scope("Features", names.map { ($0, now[$0]!) }, marking: true))
        if event != nil {
            scopes.append(scope("Features before this event", names.compactMap { name in before[name].map { (name, $0) } }))
        }
        let patterns = point.patternsReadable ? patternVariables(pipeline.matchers)
            : [Variable(name: "(matching)", value: "the patterns are taking this event; n shows them after it")]
        scopes.append(Scope(name: "Patterns", variablesReference: container(patterns), namedVariables: patterns.count))
        scopes.append(Scope(name: "Behaviour tree", variablesReference: container(treeVariables(pipeline.behaviorTree, event))))

        return StopSnapshot(threadID: thread, sequence: sequence, frames: frames(threadName: threadName, point: point, event: event, ts: ts,
                                                             root: pipeline.project.root),
                            scopes: scopes, variables: variables, features: now, featureScope: featureScope,
                            featureOfReference: featureOfReference, event: event, device: device)
    }

    // MARK: frames

    private func frames(threadName: String, point: StopPoint, event: Event?, ts: Int64, root: String) -> [StackFrame] {
        var frames: [StackFrame] = []
        func source(_ location: SourceLocation) -> Source {
            Source(name: location.file, path: root + "/" + location.file)
        }
        switch point {
        case .match(let match, let pattern):
            let frame = "pattern \(match.pattern) matched" + (event == nil ? " (clock at \(TimeText.iso(ts)))" : "")
            frames.append(StackFrame(id: 1, name: frame, source: pattern.map { source($0.location) },
                                     line: pattern?.location.line ?? 0, column: pattern?.location.column ?? 0))
        case .decision(let decision):
            frames.append(StackFrame(id: 1, name: "decision \(decision?.name ?? "?"): before its script",
                                     source: decision.map { source($0.location) },
                                     line: decision?.location.line ?? 0, column: decision?.location.column ?? 0))
        case .beforeEvent, .statesUpdated, .afterEvent: break
        }
        if let event {
            let phase = switch point {
            case .beforeEvent: "about to apply"
            case .statesUpdated: "features updated"
            case .afterEvent: "applied"
            case .match, .decision: "applying"
            }
            frames.append(StackFrame(id: frames.count + 1, name: "\(event.type) at \(TimeText.iso(event.ts)) (\(phase))"))
        }
        frames.append(StackFrame(id: frames.count + 1, name: threadName, presentationHint: "subtle"))
        return frames
    }

    // MARK: variables

    private mutating func scope(_ name: String, _ entries: [(String, CELValue)], marking: Bool = false) -> Scope {
        Scope(name: name, variablesReference: container(entries.map { variable($0.0, $0.1, feature: marking ? $0.0 : nil) }),
              namedVariables: entries.count)
    }

    /// A reference for `children`.
    private mutating func container(_ children: [Variable]) -> Int {
        let reference = nextReference
        nextReference += 1
        variables[reference] = children
        return reference
    }

    /// One value; maps and lists expand. `feature`: the children are that feature's keys.
    private mutating func variable(_ name: String, _ value: CELValue, feature: String? = nil) -> Variable {
        switch value {
        case .map(let map):
            let reference = nextReference
            nextReference += 1
            variables[reference] = []
            if let feature { featureOfReference[reference] = feature }
            variables[reference] = CELValue.map(map).mapEntries.map { variable($0.0, $0.1) }
            return Variable(name: name, value: PlainJSON.text(value), type: "map", variablesReference: reference, namedVariables: map.count)
        case .list(let items):
            let reference = nextReference
            nextReference += 1
            variables[reference] = []
            variables[reference] = items.enumerated().map { variable("[\($0.offset)]", $0.element) }
            return Variable(name: name, value: PlainJSON.text(value), type: "list", variablesReference: reference, indexedVariables: items.count)
        default:
            return Variable(name: name, value: PlainJSON.text(value), type: value.debugTypeName)
        }
    }

    private mutating func patternVariables(_ matchers: PatternMatchers) -> [Variable] {
        matchers.matchers.map { matcher in
            let live = matcher.livePartialMatches(limit: Self.partialMatchLimit)
            let total = matcher.livePartialMatches
            let children = live.enumerated().map { i, partial in
                let steps = partial.steps.map { step in
                    variable(step.name, .list(step.events.map(\.mapValue)))
                }
                return Variable(name: "#\(i + 1)", value: "waiting at \(partial.waitingAt), since \(TimeText.iso(partial.startTs))",
                                variablesReference: container(steps), namedVariables: steps.count)
            }
            let shown = total > live.count ? " (first \(live.count) shown)" : ""
            return Variable(name: matcher.name, value: "\(total) partial \(total == 1 ? "match" : "matches")\(shown)",
                            variablesReference: children.isEmpty ? 0 : container(children), indexedVariables: children.count)
        }
    }

    private mutating func treeVariables(_ tree: BehaviorTree, _ event: Event?) -> [Variable] {
        let position = tree.position
        return TreeLevel.allCases.map { level in
            let name = event?.context(level).map { PlainJSON.text(.string($0)) } ?? "null"
            let id = position[level]
            return Variable(name: level.rawValue, value: id > 0 ? "\(name) (node \(id))" : "\(name) (none open)")
        }
    }
}

extension CELValue {
    /// A map's entries as (key text, value); anything else has none.
    var mapEntries: [(String, CELValue)] {
        guard case .map(let map) = self else { return [] }
        return zip(map.keys, map.values).map { key, value in
            if case .string(let s) = key { return (s, value) }
            return (PlainJSON.text(key.value), value)
        }
    }

    var debugTypeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .error: "error"
        case .type: "type"
        case .record: "record"
        }
    }
}
