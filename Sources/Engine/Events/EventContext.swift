/// The variables an expression sees when it runs against an event (SPEC §3), in slot order:
/// the event's fields (`EventField` order), then `device`. Loader and runtime share it, so
/// a slot index means the same thing at check time and at run time.
public enum EventContext {
    public static let fieldTypes: [EventField: CELType] = [
        .ts: .int, .type: .string, .session: .string, .app: .string, .scene: .string, .page: .string,
        .params: .map(key: .string, value: .dyn),
    ]

    public static let variables: [(name: String, type: CELType)] =
        EventField.allCases.map { ($0.rawValue, fieldTypes[$0]!) } + [("device", .map(key: .string, value: .dyn))]

    public static let deviceSlot = EventField.allCases.count

    public static let variableNames = Set(variables.map(\.name))

    public static let environment = CELEnvironment(variables: variables)

    /// An event bound to a pattern step, as later steps see it (`b.ts`, `b.params.price`).
    public static let eventRecord = CELRecordType(
        name: "event", fields: EventField.allCases.map { ($0.rawValue, fieldTypes[$0]!) })

    /// The event variables, then one slot per earlier step.
    public static func stepEnvironment(earlierSteps: [String]) -> CELEnvironment {
        CELEnvironment(variables: variables + earlierSteps.map { ($0, CELType.record(eventRecord)) })
    }
}
