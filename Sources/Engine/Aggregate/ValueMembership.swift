/// Sharing must be invisible (SPEC §4): an event whose value is left out of a feature (null,
/// an error, or not a number for `sum avg min max percentile stddev`) must not change it.
///
/// In an ungrouped sliding, tumbling, scope or lifetime window without `ttl`, such an event
/// only sits in the window beside values it does not touch, so features with different
/// values share one state and each channel skips what it leaves out. Where an event's mere
/// presence shows — it takes one of the last N places, keeps a `group_by` key alive or
/// evicts another, renews `ttl` — a state holds exactly the events that have a value for its
/// features: those with the same value expression and kind share it, and the event is left
/// out of the state altogether when its value is.
public enum ValueMembership: Hashable, Sendable, CustomStringConvertible {
    /// `count`: every event passing `where` (and with a `group_by` key).
    case everyEvent
    /// Events whose value (normalised text) is present, and a number when `numbersOnly`.
    case withValue(String, numbersOnly: Bool)

    /// Nil when the aggregation's state may hold features of other values.
    public static func of(_ aggregation: Aggregation) -> ValueMembership? {
        let presenceShows: Bool
        if case .lastN = aggregation.window { presenceShows = true } else {
            presenceShows = aggregation.groupBy != nil || aggregation.ttl != nil
        }
        guard presenceShows else { return nil }
        guard aggregation.op != .count, let value = aggregation.value else { return .everyEvent }
        return .withValue(SharedStateKey.normalised(value), numbersOnly: aggregation.op.needsNumericValue)
    }

    public var description: String {
        switch self {
        case .everyEvent: "events counted"
        case .withValue(let text, let numbersOnly): "events with \(numbersOnly ? "a number" : "a value") in \(text)"
        }
    }
}
