/// An action a decision took: what a subscriber (the app, `featide run`, the IDE) receives.
public struct DecisionRecord: Sendable {
    public var decision: String
    /// Engine time of the trigger.
    public var ts: Int64
    public var action: ActionChannel
    /// What `decide` returned, or the decision's `fallback`.
    public var payload: CELValue
    public var variant: String?
    /// The script failed and this is the decision's `fallback`.
    public var usedFallback: Bool

    public init(decision: String, ts: Int64, action: ActionChannel, payload: CELValue, variant: String?, usedFallback: Bool) {
        self.decision = decision
        self.ts = ts
        self.action = action
        self.payload = payload
        self.variant = variant
        self.usedFallback = usedFallback
    }
}

/// A pattern match as a decision trigger sees it (`ctx.match`).
public struct TriggerMatch: Sendable {
    public var pattern: String
    public var ts: Int64
    /// Step name → the events it accepted, as `{ts, type, ..., params}` maps.
    public var steps: CELMap
    /// The event that completed the match, if an event did (absence matches fire on the clock).
    public var lastEvent: Event?

    public init(pattern: String, ts: Int64, steps: CELMap, lastEvent: Event?) {
        self.pattern = pattern
        self.ts = ts
        self.steps = steps
        self.lastEvent = lastEvent
    }

    /// From the pattern engine's match; `event` is the one that completed it (nil when the
    /// clock did: an absence step or a timeout).
    public init(_ match: PatternMatch, completedBy event: Event?) {
        self.init(pattern: match.pattern, ts: match.ts, steps: CELMap(match.steps.map { step in
            (.string(step.name), .list(step.events.map(\.mapValue)))
        }), lastEvent: event)
    }

    /// `{pattern, ts, steps}` (SPEC §6).
    public var value: CELValue {
        .map(CELMap([(.string("pattern"), .string(pattern)), (.string("ts"), .int(ts)), (.string("steps"), .map(steps))]))
    }
}
