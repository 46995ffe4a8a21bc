import Engine

/// What a played scenario looked like after each of its events, recorded while a client is
/// attached: step back and reverse-continue show these, so every value shown is exactly
/// the one of the first time (nothing is recomputed). The engine itself never goes back: a
/// `continue` or `next` from the past walks forward through the recording to where the
/// engine stopped, and only then does it go on.
struct RecordedStop: Sendable {
    /// The event's number in its thread (1 for the first).
    var sequence: Int
    var snapshot: StopSnapshot
    /// Feature values before the event (for data breakpoints met going back).
    var before: [String: CELValue]
    /// Patterns that matched and decisions whose script ran during the event.
    var matches: [String]
    var decisions: [String]
}

/// One thread's recording, the most recent `capacity` events.
struct StopHistory: Sendable {
    static let capacity = 1_000
    private(set) var stops: [RecordedStop] = []

    mutating func append(_ stop: RecordedStop) {
        if stops.count == Self.capacity { stops.removeFirst(Self.capacity / 10) }
        stops.append(stop)
    }

    /// The recording of event `sequence`, if kept.
    func index(of sequence: Int) -> Int? { stops.firstIndex { $0.sequence == sequence } }

    /// Breakpoints that would have stopped at this recorded event (function and data ones;
    /// an `event:` breakpoint shows the state after its event here).
    static func hits(_ stop: RecordedStop, functionRules: [FunctionBreakpointRule], dataRules: [DataBreakpointRule]) -> (reason: String, ids: [Int])? {
        let event = stop.snapshot.event
        let functions = functionRules.filter { rule in
            let applies = switch rule.target {
            case .event(let type): event?.type == type
            case .pattern(let name): stop.matches.contains(name)
            case .decision(let name): stop.decisions.contains(name)
            }
            return applies && rule.holds(for: event, device: stop.snapshot.device).holds
        }.map(\.id)
        if !functions.isEmpty { return ("function breakpoint", functions) }
        let data = dataRules.filter { rule in
            let was = value(of: rule, in: stop.before), now = value(of: rule, in: stop.snapshot.features)
            guard let was, let now else { return false }
            return !PlainJSON.sameText(was, now)
        }.map(\.id)
        return data.isEmpty ? nil : ("data breakpoint", data)
    }

    private static func value(of rule: DataBreakpointRule, in values: [String: CELValue]) -> CELValue? {
        guard let value = values[rule.feature] else { return nil }
        guard let key = rule.key else { return value }
        guard case .map(let map) = value, let mapKey = GroupKey.from(key) else { return .null }
        return map[mapKey] ?? .null
    }
}
