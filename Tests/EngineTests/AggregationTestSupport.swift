@testable import Engine

let testLocation = SourceLocation(file: "features/test.yaml", line: 1, column: 1)

func expression(_ text: String) -> SourceExpression { SourceExpression(text: text, location: testLocation) }

func aggregationFeature(
    _ name: String, _ op: AggregationOperator, _ window: Window, on: [String] = ["e"], filter: String? = nil,
    value: String? = "v", groupBy: String? = nil, ttl: Int64? = nil, maxKeys: Int = Aggregation.defaultMaxKeys
) -> Feature {
    let aggregation = Aggregation(
        on: on, filter: filter.map(expression), value: op == .count ? nil : value.map(expression), op: op,
        window: window, groupBy: groupBy.map(expression), approx: false,
        ttl: ttl.map { TimeSpan(milliseconds: $0) }, maxKeys: maxKeys)
    return Feature(name: name, description: nil, body: .aggregation(aggregation), post: nil, location: testLocation)
}

/// The states serving the given features (one when they share), planned as the engine would;
/// every event reaches every state, as one event type and filter do in the pipeline.
struct StateHarness {
    let states: [SharedAggregationState]
    let bindings: [String: FeatureBinding]
    /// The first state (the only one when the features share).
    var state: SharedAggregationState { states[0] }

    init(_ features: [Feature]) {
        let plan = AggregationPlanner.plan(features, consumed: Set(features.map(\.name)))
        states = plan.states.map(SharedAggregationState.init)
        bindings = plan.bindings
    }

    init(_ op: AggregationOperator, _ window: Window, groupBy: String? = nil, ttl: Int64? = nil, maxKeys: Int = 10_000) {
        self.init([aggregationFeature("f", op, window, groupBy: groupBy, ttl: ttl, maxKeys: maxKeys)])
    }

    /// Adds an event whose every channel sees `value`.
    func add(_ ts: Int64, _ value: CELValue = .null, key: CELMapKey? = nil, position: TreePosition = TreePosition()) {
        for state in states {
            state.add(ts: ts, values: Array(repeating: value, count: state.plan.channels.count), groupKey: key, position: position)
        }
    }

    func query(_ name: String = "f", at t: Int64, key: CELMapKey? = nil, position: TreePosition = TreePosition()) -> CELValue {
        let binding = bindings[name]!
        if let key { return states[binding.state].query(binding, key: key, at: t, position: position) }
        return states[binding.state].query(binding, at: t, position: position)
    }
}

