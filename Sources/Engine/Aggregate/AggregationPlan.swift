/// Which shared states to run and which state and channel answers each feature.
/// Produced once by `AggregationPlanner`; `check`, `explain` and the engine read the same plan.
public struct AggregationPlan: Sendable {
    public var states: [SharedStatePlan]
    public var bindings: [String: FeatureBinding]
    /// Aggregation features nothing consumes, so not computed (on-demand, SPEC §4).
    public var notComputed: [String]

    public init(states: [SharedStatePlan], bindings: [String: FeatureBinding], notComputed: [String]) {
        self.states = states
        self.bindings = bindings
        self.notComputed = notComputed
    }
}

/// One shared state: its key, the value channels it keeps, the features reading it.
public struct SharedStatePlan: Sendable {
    public var key: SharedStateKey
    /// The `filter` expression as written by the first feature of the state.
    public var filter: SourceExpression?
    public var groupBy: SourceExpression?
    /// One channel per distinct `value:` expression.
    public var channels: [ValueChannelPlan]
    /// Feature names, in the order given to the planner.
    public var features: [String]

    public init(
        key: SharedStateKey, filter: SourceExpression? = nil, groupBy: SourceExpression? = nil,
        channels: [ValueChannelPlan], features: [String]
    ) {
        self.key = key
        self.filter = filter
        self.groupBy = groupBy
        self.channels = channels
        self.features = features
    }
}

/// One distinct `value:` expression of a state (and whether its readers take numbers only)
/// and what its readers need kept.
public struct ValueChannelPlan: Sendable {
    public var value: SourceExpression
    /// Non-numeric values are left out of this channel (`sum avg min max percentile stddev`).
    public var numbersOnly: Bool
    public var needs: ValueNeeds

    public init(value: SourceExpression, numbersOnly: Bool = false, needs: ValueNeeds) {
        self.value = value
        self.numbersOnly = numbersOnly
        self.needs = needs
    }
}

/// Where a feature's value comes from.
public struct FeatureBinding: Hashable, Sendable {
    public var feature: String
    public var state: Int
    /// Nil for `count`, which reads the window and no value.
    public var channel: Int?
    public var op: AggregationOperator

    public init(feature: String, state: Int, channel: Int?, op: AggregationOperator) {
        self.feature = feature
        self.state = state
        self.channel = channel
        self.op = op
    }
}
