/// `kind: feature`: an aggregation (`on`/`agg`/`window`...) or a script feature (`script`/`inputs`).
enum FeatureDecoder {
    static let aggregationKeys = ["on", "where", "value", "agg", "k", "p", "window", "group_by",
                                  "approx", "ttl", "max_keys"]
    static let scriptKeys = ["script", "inputs"]
    static let keys = ["kind", "name", "description", "post"] + aggregationKeys + scriptKeys

    static func decode(_ doc: MappingReader) -> Feature? {
        doc.rejectUnknownKeys(keys, in: "feature")
        let name = doc.required("name", "the feature's name", in: "feature")?.name("name")
        let body: Feature.Body?
        if doc.has("script") {
            doc.rejectKeys(aggregationKeys, because: "in a script feature (it has 'script')")
            body = decodeScript(doc).map(Feature.Body.script)
        } else {
            body = decodeAggregation(doc).map(Feature.Body.aggregation)
        }
        let post = doc["post"].flatMap { ScriptPathDecoder.decode($0, field: "post") }
        guard let name, let body else { return nil }
        return Feature(name: name, description: doc["description"]?.string("description"),
                       body: body, post: post, location: doc.node.location)
    }

    private static func decodeScript(_ doc: MappingReader) -> ScriptFeature? {
        doc.rejectKeys(["post"], because: "in a script feature: its compute(ctx) already returns the final value")
        guard let script = doc["script"].flatMap({ ScriptPathDecoder.decode($0, field: "script") }) else { return nil }
        let inputs = doc.required("inputs", "the list of features compute(ctx) reads", in: "script feature")
            .flatMap { NameListDecoder.decode($0, field: "inputs") }
        guard let inputs else { return nil }
        return ScriptFeature(script: script, inputs: inputs)
    }

    private static func decodeAggregation(_ doc: MappingReader) -> Aggregation? {
        let on = doc.required("on", "the event type(s) to aggregate, or 'script' for a script feature",
                              in: "feature")?.stringList("on")
        let op = doc.required("agg", "one of \(AggregationOperator.names.joined(separator: ", "))", in: "feature")
            .flatMap { decodeOperator($0, doc) }
        let window = doc.required("window", "{sliding: D}, {tumbling: D}, {last_n: N}, lifetime or {scope: LEVEL}",
                                  in: "feature").flatMap(WindowDecoder.decode)
        let value = doc["value"]?.expression("value")
        if let op, op.needsValue, !doc.has("value") {
            doc.node.error("feature is missing 'value': agg '\(op.name)' needs the expression to aggregate")
        }
        if op == .count, let valueNode = doc["value"] {
            valueNode.warning("'value' is ignored by agg 'count'")
        }
        guard let on, let op, let window else { return nil }
        return Aggregation(
            on: on,
            filter: doc["where"]?.expression("where"),
            value: op == .count ? nil : value,
            op: op,
            window: window,
            groupBy: doc["group_by"]?.expression("group_by"),
            approx: doc["approx"]?.bool("approx") ?? false,
            ttl: doc["ttl"]?.duration("ttl"),
            maxKeys: doc["max_keys"]?.int("max_keys", min: 1) ?? Aggregation.defaultMaxKeys)
    }

    private static func decodeOperator(_ node: ConfigNode, _ doc: MappingReader) -> AggregationOperator? {
        guard let name = node.string("agg") else { return nil }
        func k() -> Int? {
            doc.required("k", "how many values agg '\(name)' keeps", in: "feature")?.int("k", min: 1)
        }
        switch name {
        case "count": return .count
        case "sum": return .sum
        case "avg": return .avg
        case "min": return .min
        case "max": return .max
        case "first": return .first
        case "last": return .last
        case "distinct_count": return .distinctCount
        case "histogram": return .histogram
        case "stddev": return .stddev
        case "first_k": return k().map(AggregationOperator.firstK)
        case "last_k": return k().map(AggregationOperator.lastK)
        case "top_k": return k().map(AggregationOperator.topK)
        case "percentile":
            guard let pNode = doc.required("p", "the percentile, a number in (0, 100]", in: "feature"),
                  let p = pNode.double("p") else { return nil }
            guard p > 0, p <= 100 else { pNode.error("p: expected a number in (0, 100], found \(p)"); return nil }
            return .percentile(p)
        default:
            node.error("unknown agg '\(name)'\(NearestName.hint(for: name, among: AggregationOperator.names)); "
                + "expected one of \(AggregationOperator.names.joined(separator: ", "))")
            return nil
        }
    }
}

/// `window:` — a one-key mapping or the word `lifetime`.
enum WindowDecoder {
    static let kinds = ["sliding", "tumbling", "last_n", "lifetime", "scope"]

    static func decode(_ node: ConfigNode) -> Window? {
        if case .scalar = node.node {
            guard let text = node.string("window") else { return nil }
            if text == "lifetime" { return .lifetime }
            node.error("window: unknown window '\(text)'\(NearestName.hint(for: text, among: kinds)); "
                + "expected {sliding: D}, {tumbling: D}, {last_n: N}, lifetime or {scope: LEVEL}")
            return nil
        }
        guard let reader = node.mapping("window") else { return nil }
        reader.rejectUnknownKeys(kinds.filter { $0 != "lifetime" }, in: "window")
        guard reader.entries.count == 1, let entry = reader.entries.first else {
            node.error("window: expected exactly one of sliding, tumbling, last_n, scope")
            return nil
        }
        switch entry.key {
        case "sliding": return entry.value.positiveDuration("window.sliding").map(Window.sliding)
        case "tumbling": return entry.value.positiveDuration("window.tumbling").map(Window.tumbling)
        case "last_n": return entry.value.int("window.last_n", min: 1).map(Window.lastN)
        case "scope":
            guard let text = entry.value.string("window.scope") else { return nil }
            guard let level = TreeLevel(rawValue: text) else {
                let levels = TreeLevel.allCases.map(\.rawValue)
                entry.value.error("window.scope: unknown level '\(text)'\(NearestName.hint(for: text, among: levels)); "
                    + "expected one of \(levels.joined(separator: ", "))")
                return nil
            }
            return .scope(level)
        default: return nil
        }
    }
}

extension ConfigNode {
    func positiveDuration(_ field: String) -> TimeSpan? {
        guard let span = duration(field) else { return nil }
        guard span.milliseconds > 0 else { error("\(field): expected a duration greater than 0"); return nil }
        return span
    }
}

/// A project-relative script path such as `scripts/coupon.py`.
enum ScriptPathDecoder {
    static func decode(_ node: ConfigNode, field: String) -> ScriptReference? {
        guard let path = node.string(field) else { return nil }
        guard path.hasSuffix(".py") else {
            node.error("\(field): expected a Python file (scripts/NAME.py), found '\(path)'")
            return nil
        }
        return ScriptReference(path: path, location: node.location)
    }
}

/// `inputs: [a, b]`.
enum NameListDecoder {
    static func decode(_ node: ConfigNode, field: String) -> [NameReference]? {
        guard let items = node.elements(field) else { return nil }
        let names = items.compactMap { $0.nameReference(field) }
        return names.count == items.count ? names : nil
    }
}
