import Engine
import Foundation

/// The `bench pipeline` workload: 50 features over 10 shared states, written once as a
/// featide project (CEL) and once as the spec of the plain Python reference.
enum BenchPipelineWorkload {
    struct StateSpec {
        var on: [String]
        var celWhere: String?
        var pythonWhere: String?
        /// YAML window and the Python reference's `[kind, size]`.
        var window: String
        var pythonWindow: (String, Int64)
        var features: [(op: String, value: String?)]
    }

    static let minute: Int64 = 60_000

    static let states: [StateSpec] = [
        StateSpec(on: ["click"], celWhere: #"page == "home" && params.price > 10.0"#,
                  pythonWhere: #"page == "home" and params["price"] > 10.0"#,
                  window: "{sliding: 10m}", pythonWindow: ("sliding", 10 * minute),
                  features: [("count", nil), ("sum", "price"), ("avg", "price"), ("max", "price"), ("min", "price")]),
        StateSpec(on: ["view"], celWhere: "params.qty > 1", pythonWhere: #"params["qty"] > 1"#,
                  window: "{sliding: 60m}", pythonWindow: ("sliding", 60 * minute),
                  features: [("count", nil), ("sum", "qty"), ("last", "price"), ("distinct_count", "category"), ("max", "qty")]),
        StateSpec(on: ["click", "view"], celWhere: nil, pythonWhere: nil,
                  window: "{tumbling: 1h}", pythonWindow: ("tumbling", 60 * minute),
                  features: [("count", nil), ("avg", "price"), ("distinct_count", "category"), ("max", "qty"), ("first", "price")]),
        StateSpec(on: ["add_to_cart"], celWhere: nil, pythonWhere: nil,
                  window: "{last_n: 100}", pythonWindow: ("last_n", 100),
                  features: [("count", nil), ("sum", "price"), ("avg", "qty"), ("min", "qty"), ("max", "price")]),
        StateSpec(on: ["purchase"], celWhere: nil, pythonWhere: nil,
                  window: "lifetime\nttl: 7d", pythonWindow: ("lifetime", 7 * 1_440 * minute),
                  features: [("count", nil), ("sum", "price"), ("last", "price"), ("max", "price"), ("distinct_count", "category")]),
        StateSpec(on: ["scroll"], celWhere: #"page != "checkout""#, pythonWhere: #"page != "checkout""#,
                  window: "{sliding: 5m}", pythonWindow: ("sliding", 5 * minute),
                  features: [("count", nil), ("sum", "qty"), ("max", "price"), ("min", "price"), ("last", "qty")]),
        StateSpec(on: ["click"], celWhere: #"params.category.startsWith("cat1")"#,
                  pythonWhere: #"params["category"].startswith("cat1")"#,
                  window: "{sliding: 1m}", pythonWindow: ("sliding", minute),
                  features: [("count", nil), ("sum", "price"), ("avg", "price"), ("max", "price"), ("last", "price")]),
        StateSpec(on: ["view"], celWhere: nil, pythonWhere: nil,
                  window: "{sliding: 1m}", pythonWindow: ("sliding", minute),
                  features: [("count", nil), ("sum", "price"), ("avg", "qty"), ("min", "price"), ("distinct_count", "category")]),
        StateSpec(on: ["purchase", "add_to_cart"], celWhere: nil, pythonWhere: nil,
                  window: "{tumbling: 1d}", pythonWindow: ("tumbling", 1_440 * minute),
                  features: [("count", nil), ("sum", "qty"), ("avg", "price"), ("min", "price"), ("max", "price")]),
        StateSpec(on: ["click"], celWhere: "size(params.item) > 3 && params.qty in [1, 2, 3]",
                  pythonWhere: #"len(params["item"]) > 3 and params["qty"] in [1, 2, 3]"#,
                  window: "{last_n: 50}", pythonWindow: ("last_n", 50),
                  features: [("count", nil), ("sum", "price"), ("avg", "price"), ("last", "price"), ("max", "qty")]),
    ]

    static func featureName(state: Int, feature: Int) -> String {
        let f = states[state].features[feature]
        return "s\(state)_\(f.op)" + (f.value.map { "_\($0)" } ?? "") + "_\(feature)"
    }

    static var featureNames: [String] {
        states.indices.flatMap { s in states[s].features.indices.map { featureName(state: s, feature: $0) } }
    }

    /// Writes the project (featide.yaml + features.yaml) into `folder`.
    static func writeProject(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "kind: project\nname: bench\nversion: 1.0.0\n".write(
            to: folder.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        var docs: [String] = []
        for (s, state) in states.enumerated() {
            for (i, feature) in state.features.enumerated() {
                var yaml = "kind: feature\nname: \(featureName(state: s, feature: i))\non: [\(state.on.joined(separator: ", "))]\n"
                if let filter = state.celWhere { yaml += "where: '\(filter)'\n" }
                if let value = feature.value { yaml += "value: params.\(value)\n" }
                yaml += "agg: \(feature.op)\nwindow: \(state.window)\n"
                docs.append(yaml)
            }
        }
        try docs.joined(separator: "---\n").write(
            to: folder.appendingPathComponent("features.yaml"), atomically: true, encoding: .utf8)
    }

    /// The Python reference's view of the same states.
    static func pythonSpec() throws -> Data {
        let specs: [[String: Any]] = states.enumerated().map { s, state in
            [
                "on": state.on,
                "where": state.pythonWhere ?? "",
                "window": [state.pythonWindow.0, state.pythonWindow.1],
                "features": state.features.indices.map { i -> [Any] in
                    [featureName(state: s, feature: i), state.features[i].op, state.features[i].value ?? NSNull()]
                },
            ]
        }
        return try JSONSerialization.data(withJSONObject: specs)
    }

    static let types = ["click", "view", "scroll", "add_to_cart", "purchase"]
    static let pages = ["home", "product", "cart", "checkout"]

    /// A seeded stream of realistic events, `ts` increasing by 0–99 ms.
    static func events(count: Int, seed: UInt64 = 7) -> [Event] {
        var random = SeededRandom(seed: seed)
        var ts: Int64 = 1_795_255_200_000
        let items = (0..<500).map { CELValue.string("sku\($0)") }
        let categories = (0..<40).map { CELValue.string("cat\($0)") }
        return (0..<count).map { _ in
            ts += Int64(random.next() % 100)
            let params = CELMap([
                (.string("price"), .double(Double(random.next() % 10_000) / 100)),
                (.string("qty"), .int(Int64(random.next() % 5 + 1))),
                (.string("item"), items[Int(random.next() % 500)]),
                (.string("category"), categories[Int(random.next() % 40)]),
            ])
            return Event(ts: ts, type: types[Int(random.next() % 5)], page: pages[Int(random.next() % 4)],
                         params: params)
        }
    }

    static func jsonLines(_ events: [Event]) -> String {
        var out = ""
        for event in events {
            var line = ""
            PlainJSON.writeObject([
                ("ts", .int(event.ts)), ("type", .string(event.type)), ("page", event.value(of: .page)),
                ("params", .map(event.params)),
            ], to: &line)
            out += line + "\n"
        }
        return out
    }
}
