extension Event {
    /// `{ts, type, session, app, scene, page, params}`, as scripts see an event in `ctx.match`.
    public var mapValue: CELValue {
        .map(CELMap(EventField.allCases.map { (.string($0.rawValue), value(of: $0)) }))
    }
}

extension Event {
    /// Whether this event is the one that completed `match` — its last event. A timer due
    /// before the event (an absence, a timeout) also reports while the event is processed.
    func completes(_ match: PatternMatch) -> Bool {
        guard let last = match.steps.last?.events.last else { return false }
        return last.ts == ts && last.type == type
    }
}
