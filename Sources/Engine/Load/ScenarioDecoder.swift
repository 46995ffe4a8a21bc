import Foundation

/// `kind: scenario` (SPEC §8): events, generators and expectations.
enum ScenarioDecoder {
    static let keys = ["kind", "name", "description", "start", "device", "input", "features", "events",
                       "generate", "expect"]
    static let contextKeys = ["session", "app", "scene", "page"]
    static let eventKeys = ["at", "type", "params", "repeat", "every", "file"] + contextKeys
    static let generatorKeys = ["type", "rate", "for", "seed", "params"] + contextKeys
    static let maxGeneratedEvents = 1_000_000
    static let expectKeys = ["at", "feature", "key", "equals", "approx", "tolerance", "null", "decision",
                             "action", "pattern", "count", "steps", "no_decision", "before"]

    /// `fileDirectory`: the scenario file's folder, absolute; `file:` replays resolve against it.
    static func decode(_ doc: MappingReader, fileDirectory: String) -> Scenario? {
        doc.rejectUnknownKeys(keys, in: "scenario")
        let name = doc.required("name", "the scenario's name", in: "scenario")?.name("name")
        let start = doc.required("start", "an ISO 8601 time such as 2026-11-21T10:00:00Z", in: "scenario")
            .flatMap(decodeStart)
        let overrides = doc["features"].flatMap { node -> [(feature: NameReference, value: CELValue)]? in
            guard let reader = node.mapping("features") else { return nil }
            return reader.entries.compactMap { entry in
                entry.value.value("features.\(entry.key)").map {
                    (NameReference(name: entry.key, location: entry.keyNode.location), $0)
                }
            }
        } ?? []
        let events = doc["events"]?.elements("events")?.compactMap { decodeEvent($0, fileDirectory: fileDirectory) } ?? []
        let generators = doc["generate"]?.elements("generate")?.compactMap(decodeGenerator) ?? []
        let expectations = doc["expect"]?.elements("expect")?.compactMap(decodeExpectation) ?? []
        guard let name, let start else { return nil }
        return Scenario(
            name: name, description: doc["description"]?.string("description"), start: start,
            device: doc["device"].flatMap { DeviceDecoder.decode($0) },
            input: doc["input"]?.map("input") ?? CELMap(), featureOverrides: overrides,
            events: events, generators: generators, expectations: expectations, location: doc.node.location)
    }

    private static func decodeStart(_ node: ConfigNode) -> Int64? {
        guard let text = node.string("start") else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: text) ?? fractional.date(from: text) else {
            node.error("start: '\(text)' is not a time; expected ISO 8601 such as 2026-11-21T10:00:00Z")
            return nil
        }
        return Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func decodeContext(_ reader: MappingReader) -> [String: String] {
        var context: [String: String] = [:]
        for key in contextKeys { if let v = reader[key]?.string(key) { context[key] = v } }
        return context
    }

    private static func decodeEvent(_ node: ConfigNode, fileDirectory: String) -> ScenarioEventSource? {
        guard let reader = node.mapping("event") else { return nil }
        reader.rejectUnknownKeys(eventKeys, in: "scenario event")
        if let fileNode = reader["file"] {
            reader.rejectKeys(eventKeys.filter { $0 != "file" }, because: "with 'file' (the recorded events carry their own fields)")
            guard let path = fileNode.string("file") else { return nil }
            let resolved = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: fileDirectory, isDirectory: true))
                .standardizedFileURL.path
            return .file(path: path, resolvedPath: resolved, location: fileNode.location)
        }
        let type = reader.required("type", "the event type", in: "scenario event")?.string("type")
        let at = reader["at"].flatMap(decodeTime)
        let repeatCount = reader["repeat"]?.int("repeat", min: 1) ?? 1
        let every = reader["every"]?.positiveDuration("every")
        if repeatCount > 1, every == nil, !reader.has("every") {
            node.error("scenario event with 'repeat' is missing 'every': expected the time between repetitions")
        }
        if every != nil, !reader.has("repeat") { reader["every"]?.warning("'every' has no effect without 'repeat'") }
        guard let type else { return nil }
        return .event(ScenarioEvent(
            at: at, type: type, context: decodeContext(reader),
            params: reader["params"]?.map("params") ?? CELMap(),
            repeatCount: repeatCount, every: every, location: node.location))
    }

    /// `5s` from the start, or `+5s` from the previous event.
    private static func decodeTime(_ node: ConfigNode) -> ScenarioEvent.Time? {
        guard let text = node.string("at") else { return nil }
        let relative = text.hasPrefix("+")
        guard let span = TimeSpan(parsing: relative ? String(text.dropFirst()) : text) else {
            node.error("at: '\(text)' is not a time; expected \(TimeSpan.expectedForm) from the start, or +D after the previous event")
            return nil
        }
        return relative ? .relative(span) : .absolute(span)
    }

    private static func decodeGenerator(_ node: ConfigNode) -> EventGenerator? {
        guard let reader = node.mapping("generator") else { return nil }
        reader.rejectUnknownKeys(generatorKeys, in: "generator")
        let type = reader.required("type", "the event type to generate", in: "generator")?.string("type")
        let rate = reader.required("rate", "events per time, such as 2/s or 30/m", in: "generator").flatMap(decodeRate)
        let duration = reader.required("for", "how long to generate, \(TimeSpan.expectedForm)", in: "generator")?
            .positiveDuration("for")
        let seed = reader["seed"]?.int("seed", min: 0) ?? 0
        var params: [(name: String, value: ParamDistribution)] = []
        if let paramsReader = reader["params"]?.mapping("params") {
            for entry in paramsReader.entries {
                if let d = decodeDistribution(entry.value, field: "params.\(entry.key)") { params.append((entry.key, d)) }
            }
        }
        guard let type, let rate, let duration else { return nil }
        let generator = EventGenerator(type: type, ratePerSecond: rate, duration: duration, seed: UInt64(seed),
                                       context: decodeContext(reader), params: params, location: node.location)
        // Scenarios run in memory, in well under a second: a bound keeps a typo from filling it.
        if Double(duration.milliseconds) / 1000 * rate > Double(maxGeneratedEvents) {
            reader["rate"]?.error("generator makes more than \(maxGeneratedEvents) events; expected a lower rate or a shorter 'for'")
            return nil
        }
        return generator
    }

    /// `N/s`, `N/m`, `N/h`.
    private static func decodeRate(_ node: ConfigNode) -> Double? {
        guard let text = node.string("rate") else { return nil }
        let parts = text.split(separator: "/")
        let perUnit: [Substring: Double] = ["s": 1, "m": 60, "h": 3600]
        guard parts.count == 2, let n = Double(parts[0]), n > 0, let unit = perUnit[parts[1]] else {
            node.error("rate: '\(text)' is not a rate; expected events per time such as 2/s, 30/m or 100/h")
            return nil
        }
        return n / unit
    }

    private static func decodeDistribution(_ node: ConfigNode, field: String) -> ParamDistribution? {
        if case .mapping = node.node, let reader = node.mapping(field), reader.entries.count == 1,
           let entry = reader.entries.first, ["uniform", "normal", "choice", "sequence"].contains(entry.key) {
            guard let items = entry.value.elements("\(field).\(entry.key)") else { return nil }
            if entry.key == "choice" || entry.key == "sequence" {
                let values = items.compactMap { $0.value(field) }
                guard !values.isEmpty else {
                    entry.value.error("\(field).\(entry.key): expected at least one value")
                    return nil
                }
                return entry.key == "choice" ? .choice(values) : .sequence(values)
            }
            let numbers = items.compactMap { $0.double("\(field).\(entry.key)") }
            if entry.key == "normal" {
                guard numbers.count == 2, numbers[1] >= 0, numbers.allSatisfy(\.isFinite) else {
                    entry.value.error("\(field).normal: expected [mean, standard deviation] with a deviation >= 0")
                    return nil
                }
                return .normal(numbers[0], numbers[1])
            }
            guard numbers.count == 2, numbers[0] <= numbers[1], numbers.allSatisfy(\.isFinite) else {
                entry.value.error("\(field).uniform: expected [low, high] with low <= high")
                return nil
            }
            return .uniform(numbers[0], numbers[1])
        }
        return node.value(field).map(ParamDistribution.constant)
    }

    private static func decodeExpectation(_ node: ConfigNode) -> Expectation? {
        guard let reader = node.mapping("expectation") else { return nil }
        reader.rejectUnknownKeys(expectKeys, in: "expectation")
        let subjects = ["feature", "pattern", "decision", "no_decision"].filter(reader.has)
        guard subjects.count == 1, let subject = subjects.first else {
            node.error("expectation: expected exactly one of feature, pattern, decision, no_decision"
                + (subjects.isEmpty ? "" : ", found \(subjects.joined(separator: " and "))"))
            return nil
        }
        let at = reader["at"]?.duration("at")
        guard let target = reader[subject]?.nameReference(subject) else { return nil }
        let kind: Expectation.Kind
        switch subject {
        case "feature":
            reader.rejectKeys(["action", "count", "steps", "before"], because: "in a feature expectation")
            guard let at = at ?? missing(reader, "at", "the virtual time to read the feature at") else { return nil }
            guard let check = decodeValueCheck(reader) else { return nil }
            kind = .feature(target, key: reader["key"]?.value("key"), at: at, check: check)
        case "pattern":
            reader.rejectKeys(["equals", "approx", "tolerance", "null", "key", "action", "before"],
                              because: "in a pattern expectation")
            guard let count = reader.required("count", "the expected number of matches", in: "expectation")?
                .int("count", min: 0) else { return nil }
            kind = .patternCount(target, count: count, at: at)
        case "decision":
            reader.rejectKeys(["equals", "approx", "tolerance", "null", "key", "count", "steps", "before"],
                              because: "in a decision expectation")
            kind = .decision(target, at: at, action: reader["action"]?.value("action"))
        default:
            reader.rejectKeys(["equals", "approx", "tolerance", "null", "key", "count", "steps", "action", "at"],
                              because: "in a no_decision expectation")
            guard let before = reader.required("before", "the virtual time before which it must not fire",
                                               in: "expectation")?.duration("before") else { return nil }
            kind = .noDecision(target, before: before)
        }
        var expectation = Expectation(kind: kind, location: node.location)
        expectation.keyLocation = reader["key"]?.location
        if subject == "pattern", let steps = reader["steps"]?.mapping("steps") {
            expectation.patternSteps = steps.entries.compactMap { entry in
                entry.value.int("steps.\(entry.key)", min: 0).map {
                    (NameReference(name: entry.key, location: entry.keyNode.location), $0)
                }
            }
        }
        return expectation
    }

    private static func missing<T>(_ reader: MappingReader, _ key: String, _ what: String) -> T? {
        reader.node.error("expectation is missing '\(key)': expected \(what)")
        return nil
    }

    private static func decodeValueCheck(_ reader: MappingReader) -> ValueCheck? {
        let checks = ["equals", "approx", "null"].filter(reader.has)
        guard checks.count == 1 else {
            reader.node.error("feature expectation: expected exactly one of equals, approx, null")
            return nil
        }
        if reader.has("tolerance"), !reader.has("approx") {
            reader["tolerance"]?.error("'tolerance' only goes with 'approx'")
        }
        switch checks[0] {
        case "equals": return reader["equals"]?.value("equals").map(ValueCheck.equals)
        case "approx":
            guard let expected = reader["approx"]?.double("approx") else { return nil }
            let tolerance = reader["tolerance"]?.double("tolerance") ?? 1e-9
            return .approx(expected, tolerance: tolerance)
        default:
            guard let node = reader["null"], let flag = node.bool("null") else { return nil }
            guard flag else { node.error("null: expected true (use equals to expect a value)"); return nil }
            return .isNull
        }
    }
}
