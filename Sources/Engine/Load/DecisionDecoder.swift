/// `kind: decision` (SPEC §7).
enum DecisionDecoder {
    static let keys = ["kind", "name", "description", "trigger", "inputs", "script", "action", "budget",
                       "fallback", "rollout", "variants"]

    static func decode(_ doc: MappingReader) -> Decision? {
        doc.rejectUnknownKeys(keys, in: "decision")
        let name = doc.required("name", "the decision's name", in: "decision")?.name("name")
        let trigger = doc.required("trigger", "{pattern: NAME} or {on: TYPE, where: EXPR}", in: "decision")
            .flatMap(decodeTrigger)
        let script = doc.required("script", "the Python file defining decide(ctx)", in: "decision")
            .flatMap { ScriptPathDecoder.decode($0, field: "script") }
        let actions = ActionChannel.allCases.map(\.rawValue)
        let action = doc.required("action", "one of \(actions.joined(separator: ", "))", in: "decision")
            .flatMap { node -> ActionChannel? in
                guard let text = node.string("action") else { return nil }
                guard let channel = ActionChannel(rawValue: text) else {
                    node.error("action: unknown channel '\(text)'\(NearestName.hint(for: text, among: actions)); "
                        + "expected one of \(actions.joined(separator: ", "))")
                    return nil
                }
                return channel
            }
        let inputs = doc["inputs"].flatMap { NameListDecoder.decode($0, field: "inputs") } ?? []
        let rollout = doc["rollout"].flatMap(decodeRollout)
        let variants = doc["variants"].flatMap(decodeVariants) ?? []
        // An invalid action is already reported; keep the decision so its references are still checked.
        guard let name, let trigger, let script else { return nil }
        return Decision(
            name: name, description: doc["description"]?.string("description"), trigger: trigger,
            inputs: inputs, script: script, action: action ?? .log, budget: doc["budget"]?.positiveDuration("budget"),
            fallback: doc["fallback"]?.value("fallback"), rollout: rollout, variants: variants,
            location: doc.node.location)
    }

    private static func decodeTrigger(_ node: ConfigNode) -> Trigger? {
        guard let reader = node.mapping("trigger") else { return nil }
        reader.rejectUnknownKeys(["pattern", "on", "where"], in: "trigger")
        if let pattern = reader["pattern"] {
            reader.rejectKeys(["on", "where"], because: "with 'pattern' (a pattern trigger fires on each match)")
            return pattern.nameReference("trigger.pattern").map(Trigger.pattern)
        }
        guard let on = reader.required("on", "the event type(s) that trigger the decision, or 'pattern'",
                                       in: "trigger")?.stringList("trigger.on") else { return nil }
        return .event(on: on, filter: reader["where"]?.expression("trigger.where"))
    }

    private static func decodeRollout(_ node: ConfigNode) -> Rollout? {
        guard let reader = node.mapping("rollout") else { return nil }
        reader.rejectUnknownKeys(["percent", "when"], in: "rollout")
        var percent = 100.0
        if let p = reader["percent"], let value = p.double("rollout.percent") {
            if value < 0 || value > 100 { p.error("rollout.percent: expected a number from 0 to 100, found \(value)") }
            percent = value
        }
        return Rollout(percent: percent, when: reader["when"]?.expression("rollout.when"))
    }

    private static func decodeVariants(_ node: ConfigNode) -> [(name: String, weight: Int)]? {
        guard let reader = node.mapping("variants") else { return nil }
        var variants: [(name: String, weight: Int)] = []
        for entry in reader.entries {
            guard ConfigNode.isValidName(entry.key) else {
                entry.keyNode.error("variants: '\(entry.key)' is not a valid variant name; expected lower-case letters, digits and '_'")
                continue
            }
            if let weight = entry.value.int("variants.\(entry.key)", min: 0) { variants.append((entry.key, weight)) }
        }
        let total = variants.reduce(0) { $0 + $1.weight }
        if variants.count == reader.entries.count, total != 100 {
            node.error("variants: weights must add up to 100, they add up to \(total)")
        }
        return variants
    }
}
