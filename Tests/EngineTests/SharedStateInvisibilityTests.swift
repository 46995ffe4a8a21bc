import Foundation
import Testing
@testable import Engine

/// SPEC §4: features sharing a state must each equal what they would be computed alone.
/// Random feature sets run through one pipeline (shared) and through one pipeline per
/// feature (alone), over the same random events; every value read must agree.
@Suite struct SharedStateInvisibilityTests {
    /// A project with only a manifest; tests put their features into it.
    static let emptyProject: Project = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-shared-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try! "kind: project\nname: p\n".write(to: root.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        let project = ProjectLoader.load(root: root.path).project
        try? FileManager.default.removeItem(at: root)
        return project
    }()

    static func pipeline(_ features: [Feature], consuming names: Set<String>) throws -> EnginePipeline {
        var project = emptyProject
        project.features = features
        return try EnginePipeline(project: project, consumed: names)
    }

    static func click(_ ts: Int64, _ params: [(String, CELValue)]) -> Event {
        Event(ts: ts, type: "click", params: CELMap(params.map { (.string($0.0), $0.1) }))
    }

    /// The issue's example: a click without a price still counts for `clicks`.
    @Test func anEventWhoseValueFailsForOneFeatureStillCountsForTheOthers() throws {
        let tenMinutes = Window.sliding(TimeSpan(milliseconds: 600_000))
        let features = [
            aggregationFeature("clicks", .count, tenMinutes, on: ["click"]),
            aggregationFeature("spend", .sum, tenMinutes, on: ["click"], value: "params.price"),
        ]
        let shared = try Self.pipeline(features, consuming: ["clicks", "spend"])
        #expect(shared.plan.states.count == 1)
        shared.submit(Self.click(1000, [("price", .int(5))]))
        shared.submit(Self.click(2000, []))
        #expect(same(shared.value(of: "clicks", at: 2000), .int(2)))
        #expect(same(shared.value(of: "spend", at: 2000), .int(5)))
    }

    /// A value that is null, or not a number for `sum`, leaves the event out of that feature only.
    @Test func nullAndNonNumericValuesLeaveTheEventOutOfThatFeatureOnly() throws {
        let lastTwo = Window.lastN(2)
        let features = [
            aggregationFeature("n", .count, lastTwo, on: ["click"]),
            aggregationFeature("total", .sum, lastTwo, on: ["click"], value: "params.price"),
            aggregationFeature("latest", .last, .lifetime, on: ["click"], value: "params.price"),
        ]
        let p = try Self.pipeline(features, consuming: ["n", "total", "latest"])
        p.submit(Self.click(1, [("price", .int(1))]))
        p.submit(Self.click(2, [("price", .int(2))]))
        p.submit(Self.click(3, [("price", .null)]))
        p.submit(Self.click(4, [("price", .string("free"))]))
        #expect(same(p.value(of: "n", at: 4), .int(2)))
        #expect(same(p.value(of: "total", at: 4), .int(3)))  // the last two numbers
        #expect(same(p.value(of: "latest", at: 4), .string("free")))  // last takes any value but null
    }

    static let windows: [Window] = [
        .sliding(TimeSpan(milliseconds: 50)), .tumbling(TimeSpan(milliseconds: 40)), .lastN(3), .lifetime, .scope(.page),
    ]
    static let operators: [AggregationOperator] = [
        .count, .sum, .avg, .min, .max, .first, .last, .firstK(2), .lastK(2), .distinctCount, .histogram, .topK(2),
        .percentile(50), .stddev,
    ]
    static let values = ["params.price", "params.tag", "params.price * 2", "params.item"]
    static let filters: [String?] = [nil, "params.price > 2"]
    static let groupings: [String?] = [nil, nil, "params.cat"]

    /// Small pools, so that random features often share a state and channel.
    static func randomFeatures(_ random: inout SeededRandom) -> [Feature] {
        let window = windows.randomElement(using: &random)!
        let filter = filters.randomElement(using: &random)!
        let groupBy = groupings.randomElement(using: &random)!
        let ttl: Int64? = Int.random(in: 0..<4, using: &random) == 0 ? 30 : nil
        return (0..<Int.random(in: 2...6, using: &random)).map { i in
            aggregationFeature(
                "f\(i)", operators.randomElement(using: &random)!, window, on: ["click"], filter: filter,
                value: values.randomElement(using: &random)!, groupBy: groupBy, ttl: ttl, maxKeys: 2)
        }
    }

    static func randomParam(_ random: inout SeededRandom) -> CELValue? {
        switch Int.random(in: 0..<12, using: &random) {
        case 0: nil  // missing: an error for `params.x`
        case 1: .null
        case 2: .string(["a", "b"].randomElement(using: &random)!)
        case 3: .list([.int(Int64.random(in: 0...1, using: &random))])
        case 4: .double(Double(Int.random(in: -3...6, using: &random)) + 0.5)
        default: .int(Int64.random(in: -3...6, using: &random))
        }
    }

    static func randomEvent(at ts: Int64, _ random: inout SeededRandom) -> Event {
        if Int.random(in: 0..<8, using: &random) == 0 { return Event(ts: ts, type: "page_enter", page: "p\(ts)") }
        var params: [(String, CELValue)] = []
        for name in ["price", "tag", "item", "cat"] {
            if let value = randomParam(&random) { params.append((name, value)) }
        }
        return click(ts, params)
    }

    @Test func randomFeatureSetsComputedSharedEqualEachComputedAlone() throws {
        var disagreements = 0
        for seed in 0..<150 {
            var random = SeededRandom(seed: UInt64(seed))
            let features = Self.randomFeatures(&random)
            let names = features.map(\.name)
            let shared = try Self.pipeline(features, consuming: Set(names))
            let alone = try features.map { try Self.pipeline(features, consuming: [$0.name]) }
            var ts: Int64 = 0
            for _ in 0..<Int.random(in: 5...40, using: &random) {
                ts += Int64.random(in: 0...15, using: &random)
                let event = Self.randomEvent(at: ts, &random)
                shared.submit(event)
                for p in alone { p.submit(event) }
                for (f, name) in names.enumerated() {
                    let together = shared.value(of: name, at: ts)
                    let byItself = alone[f].value(of: name, at: ts)
                    if !same(together, byItself, tolerance: 1e-12) {
                        disagreements += 1
                        Issue.record("seed \(seed) \(features[f].aggregation!) at \(ts): shared \(together), alone \(byItself)")
                    }
                }
            }
            if disagreements > 5 { return }
        }
    }
}
