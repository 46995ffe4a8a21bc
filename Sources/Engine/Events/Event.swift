/// One user event (SPEC §2), decoded and ready for expressions.
///
/// Fields are stored as the values CEL sees (`String?` becomes `null` when absent), so an
/// activation can bind a variable by its `EventField` without any conversion table.
public struct Event: Sendable {
    /// Event time, milliseconds since the Unix epoch.
    public var ts: Int64
    public var type: String
    /// Context fields; nil until given by the event or filled by standardisation.
    public var session: String?
    public var app: String?
    public var scene: String?
    public var page: String?
    public var params: CELMap

    // No initializer here, so the compiler's memberwise one exists (internal, every field
    // given): the decoder builds each event with it. An initializer written out copied the
    // whole event and released the original (a retain and a release per field, per line).

    /// The value an expression variable of this event context evaluates to.
    public func value(of field: EventField) -> CELValue {
        switch field {
        case .ts: .int(ts)
        case .type: .string(type)
        case .session: session.map(CELValue.string) ?? .null
        case .app: app.map(CELValue.string) ?? .null
        case .scene: scene.map(CELValue.string) ?? .null
        case .page: page.map(CELValue.string) ?? .null
        case .params: .map(params)
        }
    }

    /// The context field of a behaviour-tree level.
    public func context(_ level: TreeLevel) -> String? {
        switch level {
        case .session: session
        case .app: app
        case .scene: scene
        case .page: page
        }
    }

    mutating func setContext(_ level: TreeLevel, _ name: String) {
        switch level {
        case .session: session = name
        case .app: app = name
        case .scene: scene = name
        case .page: page = name
        }
    }
}

extension Event {
    /// `params` is optional only so this signature differs from the memberwise initializer's;
    /// nil is an empty map.
    public init(
        ts: Int64, type: String, session: String? = nil, app: String? = nil,
        scene: String? = nil, page: String? = nil, params: CELMap? = nil
    ) {
        self.init(ts: ts, type: type, session: session, app: app, scene: scene, page: page, params: params ?? CELMap())
    }
}

/// The event variables of an expression context (SPEC §3), so a compiled expression can
/// resolve a name to a field once instead of by string on every event.
public enum EventField: String, Sendable, CaseIterable {
    case ts, type, session, app, scene, page, params
}
