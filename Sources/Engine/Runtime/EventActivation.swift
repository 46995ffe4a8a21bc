/// One reusable activation for expressions over events: slots follow `EventContext`, and
/// are overwritten in place per event so evaluation allocates no new slot array.
struct EventActivation {
    private(set) var activation: CELActivation
    private let binding: EventFieldBinding

    init(device: DeviceProfile, fields used: Set<EventField> = Set(EventField.allCases)) {
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count)
        slots[EventContext.deviceSlot] = .map(device.fields)
        activation = CELActivation(slots: slots)
        binding = EventFieldBinding(fields: used)
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
        activation.slots.withUnsafeMutableBufferPointer { binding.bind(event, into: $0) }
    }
}

/// Writes an event's fields into slots laid out as `EventContext`; only the fields some
/// expression reads (the others' slots keep what they had: null).
struct EventFieldBinding {
    private let fields: [(slot: Int, field: EventField)]

    init(fields used: Set<EventField>) {
        fields = EventField.allCases.enumerated().filter { used.contains($0.element) }.map { ($0.offset, $0.element) }
    }

    func bind(_ event: borrowing Event, into slots: UnsafeMutableBufferPointer<CELValue>) {
        for (slot, field) in fields {
            slots[slot] = event.value(of: field)
        }
    }
}
