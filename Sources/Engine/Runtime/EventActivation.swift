/// One reusable activation for expressions over events: slots follow `EventContext`, and
/// are overwritten in place per event so evaluation allocates no new slot array.
struct EventActivation {
    private(set) var activation: CELActivation
    /// The event fields some expression reads; the others are never bound (their slots stay null).
    private let fields: [(slot: Int, field: EventField)]

    init(device: DeviceProfile, fields used: Set<EventField> = Set(EventField.allCases)) {
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count)
        slots[EventContext.deviceSlot] = .map(device.fields)
        activation = CELActivation(slots: slots)
        fields = EventField.allCases.enumerated().filter { used.contains($0.element) }.map { ($0.offset, $0.element) }
    }

    /// The event fields named in `sources`: a variable is read only where its name is an
    /// identifier token (a field name after `.` also counts, which only binds one slot too many).
    static func fields(readBy sources: [String]) -> Set<EventField> {
        var used: Set<EventField> = []
        for source in sources {
            guard let tokens = try? CELLexer.tokenize(source) else { return Set(EventField.allCases) }
            for token in tokens {
                if case .ident(let name) = token.kind, let field = EventField(rawValue: name) { used.insert(field) }
            }
        }
        return used
    }

    mutating func bind(_ event: Event) {
        for (slot, field) in fields {
            activation.slots[slot] = event.value(of: field)
        }
    }
}
