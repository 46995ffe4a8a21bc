/// Maps aggregation features to shared states (SPEC §4 similar-task merging and on-demand
/// computation).
public enum AggregationPlanner {
    /// Plans the consumed aggregation features; script features and unconsumed ones get no
    /// state. Feature order decides state and channel order, so plans are reproducible.
    public static func plan(_ features: [Feature], consumed: Set<String>) -> AggregationPlan {
        var states: [SharedStatePlan] = []
        var stateIndex: [SharedStateKey: Int] = [:]
        var bindings: [String: FeatureBinding] = [:]
        var notComputed: [String] = []

        for feature in features {
            guard let aggregation = feature.aggregation else { continue }
            guard consumed.contains(feature.name) else {
                notComputed.append(feature.name)
                continue
            }
            let key = SharedStateKey(aggregation, member: ValueMembership.of(aggregation))
            let s: Int
            if let existing = stateIndex[key] {
                s = existing
            } else {
                s = states.count
                stateIndex[key] = s
                states.append(SharedStatePlan(
                    key: key, filter: aggregation.filter, groupBy: aggregation.groupBy, channels: [], features: []))
            }
            states[s].features.append(feature.name)
            var channel: Int?
            if aggregation.op != .count, let value = aggregation.value {
                let text = SharedStateKey.normalised(value)
                let numbersOnly = aggregation.op.needsNumericValue
                let c = states[s].channels.firstIndex {
                    SharedStateKey.normalised($0.value) == text && $0.numbersOnly == numbersOnly
                } ?? appendChannel(value, numbersOnly: numbersOnly, to: &states[s])
                states[s].channels[c].needs.include(aggregation.op)
                channel = c
            }
            bindings[feature.name] = FeatureBinding(feature: feature.name, state: s, channel: channel, op: aggregation.op)
        }
        return AggregationPlan(states: states, bindings: bindings, notComputed: notComputed)
    }

    private static func appendChannel(_ value: SourceExpression, numbersOnly: Bool, to state: inout SharedStatePlan) -> Int {
        state.channels.append(ValueChannelPlan(value: value, numbersOnly: numbersOnly, needs: ValueNeeds()))
        return state.channels.count - 1
    }
}
