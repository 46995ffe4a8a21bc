import Engine

/// A function breakpoint the client set, parsed and compiled: `event:TYPE`, `pattern:NAME`
/// or `decision:NAME`, with an optional CEL condition over the event being applied.
struct FunctionBreakpointRule: Sendable {
    enum Target: Sendable, Equatable {
        case event(String)
        case pattern(String)
        case decision(String)
    }

    let id: Int
    let target: Target
    let condition: CELProgram?
    var hitCondition: HitCondition?

    /// The rule, or why the name or condition is refused.
    static func parse(_ breakpoint: FunctionBreakpoint, id: Int, known: ProjectNames?) -> Result<Self, Refusal> {
        let parts = breakpoint.name.split(separator: ":", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[1].isEmpty else {
            return .failure(Refusal("'\(breakpoint.name)' is not a breakpoint name; expected event:TYPE, pattern:NAME or decision:NAME"))
        }
        let target: Target
        switch parts[0] {
        case "event": target = .event(parts[1])
        case "pattern":
            if let known, !known.patterns.contains(parts[1]) { return .failure(Refusal(unknown("pattern", parts[1], known.patterns))) }
            target = .pattern(parts[1])
        case "decision":
            if let known, !known.decisions.contains(parts[1]) { return .failure(Refusal(unknown("decision", parts[1], known.decisions))) }
            target = .decision(parts[1])
        default:
            return .failure(Refusal("'\(parts[0])' is not a breakpoint kind; expected event:TYPE, pattern:NAME or decision:NAME"))
        }
        var condition: CELProgram?
        if let text = breakpoint.condition, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            switch CELProgram.compile(text, in: EventContext.environment) {
            case .success(let program): condition = program
            case .failure(let error): return .failure(Refusal("condition: \(error)"))
            }
        }
        var hitCondition: HitCondition?
        if let text = breakpoint.hitCondition, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let parsed = HitCondition(text) else { return .failure(Refusal("hitCondition '\(text)': \(HitCondition.expected)")) }
            hitCondition = parsed
        }
        return .success(FunctionBreakpointRule(id: id, target: target, condition: condition, hitCondition: hitCondition))
    }

    static func unknown(_ kind: String, _ name: String, _ known: Set<String>) -> String {
        let list = known.sorted().joined(separator: ", ")
        return "no \(kind) named '\(name)'" + (list.isEmpty ? "" : "; the project has \(list)")
    }

    /// Whether the condition holds for `event` (no condition: always). An error counts as
    /// false, as a failing `where` does; the message says why.
    func holds(for event: Event?, device: DeviceProfile) -> (holds: Bool, error: String?) {
        guard let condition else { return (true, nil) }
        guard let event else { return (false, "the condition needs an event and the clock fired this") }
        switch condition.evaluate(EventBinding.activation(event, device: device)) {
        case .bool(let b): return (b, nil)
        case .error(let e): return (false, e.message)
        case let other: return (false, "the condition gave \(PlainJSON.text(other)), not a bool")
        }
    }
}

/// A data breakpoint: a feature, optionally one `group_by` key; stops when the event being
/// applied changes its value.
struct DataBreakpointRule: Sendable {
    let id: Int
    let feature: String
    let key: CELValue?
    /// `clicks` or `spend_by_item["sku3"]`: how the client names it (the DAP dataId).
    var dataId: String { key.map { "\(feature)[\(PlainJSON.text($0))]" } ?? feature }

    /// Parses a dataId (`NAME`, `NAME["key"]`, or `NAME[key]` for a bare string key).
    static func parse(dataId: String, id: Int, known: ProjectNames?) -> Result<Self, Refusal> {
        var name = dataId
        var key: CELValue?
        if let open = dataId.firstIndex(of: "["), dataId.hasSuffix("]") {
            name = String(dataId[..<open])
            let text = String(dataId[dataId.index(after: open)..<dataId.index(before: dataId.endIndex)])
            key = JSONToCEL.value(text) ?? .string(text)
        }
        guard let known else { return .success(DataBreakpointRule(id: id, feature: name, key: key)) }
        guard let grouped = known.features[name] else {
            return .failure(Refusal(FunctionBreakpointRule.unknown("feature", name, Set(known.features.keys))))
        }
        if key != nil, !grouped { return .failure(Refusal("feature '\(name)' has no group_by, so it has no keys")) }
        return .success(DataBreakpointRule(id: id, feature: name, key: key))
    }
}

/// The names breakpoints may refer to, from the deployed project (read once per pipeline).
struct ProjectNames: Sendable {
    var patterns: Set<String>
    var decisions: Set<String>
    /// Feature name → whether it has `group_by`.
    var features: [String: Bool]

    init(_ project: Project) {
        patterns = Set(project.patterns.map(\.name))
        decisions = Set(project.decisions.map(\.name))
        features = Dictionary(project.features.map { ($0.name, $0.aggregation?.groupBy != nil) }, uniquingKeysWith: { a, _ in a })
    }
}

/// The CEL activation of an event, as conditions see it (`EventContext` slot order).
enum EventBinding {
    static func activation(_ event: Event, device: DeviceProfile) -> CELActivation {
        CELActivation(slots: EventField.allCases.map(event.value(of:)) + [.map(device.fields)])
    }
}
