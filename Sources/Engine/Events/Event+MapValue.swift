extension Event {
    /// `{ts, type, session, app, scene, page, params}`, as scripts see an event in `ctx.match`.
    public var mapValue: CELValue {
        .map(CELMap(EventField.allCases.map { (.string($0.rawValue), value(of: $0)) }))
    }
}
