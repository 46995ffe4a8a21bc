/// One reusable activation for expressions over events: slots follow `EventContext`, and
/// are overwritten in place per event so evaluation allocates no new slot array.
struct EventActivation {
    private(set) var activation: CELActivation

    init(device: DeviceProfile) {
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count)
        slots[EventContext.deviceSlot] = .map(device.fields)
        activation = CELActivation(slots: slots)
    }

    mutating func bind(_ event: Event) {
        for (slot, field) in EventField.allCases.enumerated() {
            activation.slots[slot] = event.value(of: field)
        }
    }
}
