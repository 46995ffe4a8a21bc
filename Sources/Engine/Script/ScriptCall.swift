/// Everything one invocation's `ctx` is made of (SPEC §7), plus its budget.
public struct ScriptCall {
    /// Who calls, for messages: `decision 'coupon_popup'`, `feature 'shopper_intent'`.
    public var caller: String
    /// Engine time of the invocation; log records written by the script carry it.
    public var ts: Int64
    public var event: Event?
    /// `{pattern, ts, steps}` for pattern triggers.
    public var match: CELValue?
    /// The declared inputs, in declared order, with their values now.
    public var features: [(name: String, value: CELValue)]
    /// Decides what reading an undeclared feature says.
    public var service: FeatureService?
    public var input: CELMap
    public var device: CELMap
    public var variant: String?
    /// Seeds `random` for this invocation, so runs replay exactly.
    public var seed: UInt64
    public var budget: TimeSpan

    public init(caller: String, ts: Int64, event: Event? = nil, match: CELValue? = nil,
                features: [(name: String, value: CELValue)] = [], service: FeatureService? = nil,
                input: CELMap = CELMap(), device: CELMap = CELMap(), variant: String? = nil,
                seed: UInt64 = 0, budget: TimeSpan) {
        self.caller = caller
        self.ts = ts
        self.event = event
        self.match = match
        self.features = features
        self.service = service
        self.input = input
        self.device = device
        self.variant = variant
        self.seed = seed
        self.budget = budget
    }
}

/// The result of one invocation and how long it took (budget stops report it).
public struct ScriptOutcome {
    public var result: Result<CELValue, ScriptFailure>
    public var elapsedNanoseconds: UInt64
}
