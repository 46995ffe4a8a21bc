import Engine

/// What a deploy changes, like `terraform plan`: per kind, what stays, what changes, what is
/// new, what goes — and for features, which keep their values (their shared state is defined
/// the same way) and which start fresh.
enum DeploymentPlan {
    static func lines(from old: Project?, to new: Project, kept: Set<String>) -> [String] {
        let before = Set(old?.features.map(\.name) ?? []), after = Set(new.features.map(\.name))
        let staying = before.intersection(after)
        let carried = staying.intersection(kept)
        return [
            "features: = \(carried.count) kept, ~ \(staying.count - carried.count) reset, + \(after.subtracting(before).count) new, "
                + "- \(before.subtracting(after).count) removed",
            line("patterns", Dictionary(uniqueKeysWithValues: (old?.patterns ?? []).map { ($0.name, "\($0.steps.count)") }),
                 Dictionary(uniqueKeysWithValues: new.patterns.map { ($0.name, "\($0.steps.count)") })),
            line("decisions", Dictionary(uniqueKeysWithValues: (old?.decisions ?? []).map { ($0.name, $0.script.path) }),
                 Dictionary(uniqueKeysWithValues: new.decisions.map { ($0.name, $0.script.path) })),
            "state: features defined the same way keep their values and windows; partial matches and circuit breakers start fresh",
        ]
    }

    private static func line(_ kind: String, _ old: [String: String], _ new: [String: String]) -> String {
        let same = new.filter { old[$0.key] == $0.value }.count
        let changed = new.filter { old[$0.key] != nil && old[$0.key] != $0.value }.count
        let added = new.keys.filter { old[$0] == nil }.count
        let removed = old.keys.filter { new[$0] == nil }.count
        return "\(kind): = \(same) same, ~ \(changed) changed, + \(added) new, - \(removed) removed"
    }
}
