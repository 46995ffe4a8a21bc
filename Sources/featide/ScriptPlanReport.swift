import Engine

/// The script half of `explain`: script features in the order they compute, `post` scripts,
/// and what each decision runs on.
enum ScriptPlanReport {
    static func lines(_ project: Project) -> [String] {
        var lines: [String] = []
        let scripted = project.scriptFeaturesInDependencyOrder()
        if !scripted.isEmpty {
            lines += ["", "script features (compute(ctx), in dependency order; rerun when an input changes):"]
            for (i, feature) in scripted.enumerated() {
                let script = feature.scriptFeature!
                lines.append("  \(i + 1). \(feature.name) = \(script.script.path) compute(\(script.inputs.map(\.name).joined(separator: ", ")))")
            }
        }
        let posted = project.features.filter { $0.post != nil }
        if !posted.isEmpty {
            lines += ["", "post scripts (post(value, ctx) on the value, rerun when it changes):"]
            for feature in posted { lines.append("  \(feature.name) → \(feature.post!.path)") }
        }
        if !project.decisions.isEmpty {
            lines += ["", "decisions (trigger → script → action):"]
            for decision in project.decisions { lines.append("  " + describe(decision, project)) }
        }
        return lines
    }

    private static func describe(_ decision: Decision, _ project: Project) -> String {
        let trigger: String
        switch decision.trigger {
        case .event(let types, let filter): trigger = "on \(types.joined(separator: "|"))" + (filter.map { " where \($0.text)" } ?? "")
        case .pattern(let ref): trigger = "pattern \(ref.name)"
        }
        var parts = ["\(decision.name): \(trigger) → \(decision.script.path) decide(\(decision.inputs.map(\.name).joined(separator: ", "))) → \(decision.action.rawValue)",
                     "budget \(decision.budget ?? project.manifest.budget)"]
        if let rollout = decision.rollout {
            parts.append("rollout \(rollout.percent)%" + (rollout.when.map { " when \($0.text)" } ?? ""))
        }
        if !decision.variants.isEmpty {
            parts.append("variants " + decision.variants.map { "\($0.name) \($0.weight)" }.joined(separator: "/"))
        }
        if let fallback = decision.fallback { parts.append("fallback \(PlainJSON.text(fallback))") }
        return parts.joined(separator: "; ")
    }
}
