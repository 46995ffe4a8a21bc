import Engine

/// What a deploy changes, per kind, like `terraform plan`: definitions that stay the same,
/// changed, new and removed. (State does not yet carry across a deploy: every feature starts
/// fresh, which the plan says.)
enum DeploymentPlan {
    static func lines(from old: Project?, to new: Project, oldPlan: AggregationPlan?, newPlan: AggregationPlan) -> [String] {
        var lines = [
            line("features", signatures(old, oldPlan), signatures(new, newPlan)),
            line("patterns", Dictionary(uniqueKeysWithValues: (old?.patterns ?? []).map { ($0.name, "\($0.steps.count)") }),
                 Dictionary(uniqueKeysWithValues: new.patterns.map { ($0.name, "\($0.steps.count)") })),
            line("decisions", Dictionary(uniqueKeysWithValues: (old?.decisions ?? []).map { ($0.name, $0.script.path) }),
                 Dictionary(uniqueKeysWithValues: new.decisions.map { ($0.name, $0.script.path) })),
        ]
        lines.append("state: every feature, pattern and circuit breaker starts fresh with this version")
        return lines
    }

    private static func line(_ kind: String, _ old: [String: String], _ new: [String: String]) -> String {
        let same = new.filter { old[$0.key] == $0.value }.count
        let changed = new.filter { old[$0.key] != nil && old[$0.key] != $0.value }.count
        let added = new.keys.filter { old[$0] == nil }.count
        let removed = old.keys.filter { new[$0] == nil }.count
        return "\(kind): = \(same) same, ~ \(changed) changed, + \(added) new, - \(removed) removed"
    }

    /// A feature's definition as the engine computes it: its shared state, value and operator.
    private static func signatures(_ project: Project?, _ plan: AggregationPlan?) -> [String: String] {
        guard let project, let plan else { return [:] }
        var out: [String: String] = [:]
        for feature in project.features {
            if let binding = plan.bindings[feature.name] {
                let state = plan.states[binding.state]
                let value = binding.channel.map { state.channels[$0].value.text } ?? ""
                out[feature.name] = "\(state.key)|\(value)|\(binding.op)"
            } else {
                out[feature.name] = "\(feature)"
            }
        }
        return out
    }
}
