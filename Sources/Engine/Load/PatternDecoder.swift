/// `kind: pattern` and its steps (SPEC §6).
enum PatternDecoder {
    static let keys = ["kind", "name", "description", "within", "skip", "on_timeout", "max_partial_matches", "steps"]
    static let stepKeys = ["name", "on", "where", "contiguity", "times", "one_or_more", "optional", "greedy",
                           "until", "consecutive", "combinations", "not", "for"]

    static func decode(_ doc: MappingReader) -> Pattern? {
        doc.rejectUnknownKeys(keys, in: "pattern")
        let name = doc.required("name", "the pattern's name", in: "pattern")?.name("name")
        let steps = doc.required("steps", "a list of steps", in: "pattern")?.elements("steps")?
            .compactMap(decodeStep)
        let skip = doc["skip"].flatMap(decodeSkip) ?? .noSkip
        var emitOnTimeout = false
        if let node = doc["on_timeout"], let text = node.string("on_timeout") {
            switch text {
            case "emit": emitOnTimeout = true
            case "drop": emitOnTimeout = false
            default: node.error("on_timeout: expected 'emit' or 'drop', found '\(text)'")
            }
        }
        if let steps, steps.isEmpty { doc["steps"]?.error("steps: expected at least one step") }
        guard let name, let steps, !steps.isEmpty else { return nil }
        return Pattern(
            name: name, description: doc["description"]?.string("description"),
            within: doc["within"]?.positiveDuration("within"), skip: skip, emitOnTimeout: emitOnTimeout,
            maxPartialMatches: doc["max_partial_matches"]?.int("max_partial_matches", min: 1),
            steps: steps, location: doc.node.location)
    }

    private static func decodeSkip(_ node: ConfigNode) -> SkipStrategy? {
        let expected = "expected no_skip, to_next, past_last_event, {to_first: STEP} or {to_last: STEP}"
        if case .scalar = node.node, let text = node.string("skip") {
            switch text {
            case "no_skip": return .noSkip
            case "to_next": return .toNext
            case "past_last_event": return .pastLastEvent
            default:
                node.error("skip: unknown strategy '\(text)'\(NearestName.hint(for: text, among: SkipStrategy.names)); \(expected)")
                return nil
            }
        }
        guard let reader = node.mapping("skip") else { return nil }
        reader.rejectUnknownKeys(["to_first", "to_last"], in: "skip")
        guard reader.entries.count == 1, let entry = reader.entries.first else { node.error("skip: \(expected)"); return nil }
        guard let step = entry.value.nameReference("skip.\(entry.key)") else { return nil }
        return entry.key == "to_first" ? .toFirst(step) : entry.key == "to_last" ? .toLast(step) : nil
    }

    private static func decodeStep(_ node: ConfigNode) -> PatternStep? {
        guard let step = node.mapping("step") else { return nil }
        step.rejectUnknownKeys(stepKeys, in: "pattern step")
        let name = step.required("name", "the step's name (later steps' conditions refer to it)", in: "pattern step")?
            .name("name")
        let on = step.required("on", "the event type(s) this step accepts", in: "pattern step")?.stringList("on")
        let contiguity = step["contiguity"].flatMap { node -> Contiguity? in
            guard let text = node.string("contiguity") else { return nil }
            guard let c = Contiguity(rawValue: text) else {
                node.error("contiguity: expected strict, relaxed or any, found '\(text)'")
                return nil
            }
            return c
        } ?? .relaxed
        let negation = step["not"].flatMap { node -> Negation? in
            guard let text = node.string("not") else { return nil }
            guard let n = Negation(rawValue: text) else {
                node.error("not: expected next or followed_by, found '\(text)'")
                return nil
            }
            return n
        }
        guard let name, let on else { return nil }
        return PatternStep(
            name: name, on: on, filter: step["where"]?.expression("where"), contiguity: contiguity,
            quantifier: decodeQuantifier(step), greedy: step["greedy"]?.bool("greedy") ?? false,
            until: step["until"]?.expression("until"), consecutive: step["consecutive"]?.bool("consecutive") ?? false,
            combinations: step["combinations"]?.bool("combinations") ?? false,
            negation: negation, absenceFor: step["for"]?.positiveDuration("for"), location: node.location)
    }

    /// `times: N`, `times: {min, max}`, `one_or_more: true`, `optional: true`.
    private static func decodeQuantifier(_ step: MappingReader) -> Quantifier {
        var quantifier = Quantifier.once
        if let times = step["times"] {
            if case .mapping = times.node, let range = times.mapping("times") {
                range.rejectUnknownKeys(["min", "max"], in: "times")
                let min = range["min"]?.int("times.min", min: 1) ?? 1
                let max = range["max"]?.int("times.max", min: 1)
                if let max, max < min { times.error("times: max (\(max)) is less than min (\(min))") }
                quantifier = Quantifier(min: min, max: max)
            } else if let n = times.int("times", min: 1) {
                quantifier = Quantifier(min: n, max: n)
            }
        }
        if let node = step["one_or_more"], node.bool("one_or_more") == true {
            if step.has("times") { node.error("one_or_more: cannot be combined with 'times'; use times: {min: N}") }
            quantifier = Quantifier(min: 1, max: nil)
        }
        if step["optional"]?.bool("optional") == true { quantifier.optional = true }
        return quantifier
    }
}
