/// Where a feature's value comes from, per name: decided once per pipeline so that a read
/// (several per decision) is one dictionary lookup.
enum FeatureRoute {
    /// A scenario's `features:` override.
    case mocked(CELValue)
    case script(ScriptFeature)
    /// A shared state's binding, with the feature's `post` script if it has one.
    case aggregation(FeatureBinding, post: ScriptReference?)
    /// An aggregation nothing consumes (on-demand: not computed).
    case notComputed

    static func routes(_ project: Project, _ plan: AggregationPlan, overrides: [String: CELValue]) -> [String: FeatureRoute] {
        var routes: [String: FeatureRoute] = [:]
        for feature in project.features where routes[feature.name] == nil {
            if let mocked = overrides[feature.name] {
                routes[feature.name] = .mocked(mocked)
            } else if let script = feature.scriptFeature {
                routes[feature.name] = .script(script)
            } else if let binding = plan.bindings[feature.name] {
                routes[feature.name] = .aggregation(binding, post: feature.post)
            } else {
                routes[feature.name] = .notComputed
            }
        }
        return routes
    }
}
