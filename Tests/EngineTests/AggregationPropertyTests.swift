import Testing
@testable import Engine

/// Every operator × window, grouped or not, with and without ttl, against the
/// recompute-from-scratch reference over seeded random streams.
@Suite struct AggregationPropertyTests {
    static let operators: [AggregationOperator] = [
        .count, .sum, .avg, .min, .max, .first, .last, .firstK(2), .lastK(3), .distinctCount,
        .histogram, .topK(2), .percentile(50), .percentile(90), .stddev,
    ]
    static let windows: [Window] = [
        .sliding(TimeSpan(milliseconds: 50)), .tumbling(TimeSpan(milliseconds: 40)), .lastN(3), .lifetime,
        .scope(.page), .scope(.scene),
    ]
    static let streamsPerCase = 40

    struct Variant: CustomTestStringConvertible, Sendable {
        var window: Window
        var grouped: Bool
        var ttl: Int64?
        var maxKeys = 10_000
        var testDescription: String {
            "\(window) grouped=\(grouped) ttl=\(ttl.map(String.init) ?? "none")" + (maxKeys < 10_000 ? " max_keys=\(maxKeys)" : "")
        }
    }

    /// Streams use three group keys, so `max_keys: 2` evicts.
    static let variants: [Variant] = windows.flatMap { window in
        [nil, 35].flatMap { ttl in
            [Variant(window: window, grouped: false, ttl: ttl), Variant(window: window, grouped: true, ttl: ttl),
             Variant(window: window, grouped: true, ttl: ttl, maxKeys: 2)]
        }
    }

    /// Each operator alone in its state, so each keeps only what it needs.
    @Test(arguments: variants)
    func eachOperatorAloneMatchesReference(_ variant: Variant) {
        for (o, op) in Self.operators.enumerated() {
            for stream in 0..<Self.streamsPerCase {
                let seed = UInt64(o * 1000 + stream)
                let features = [aggregationFeature(
                    "f", op, variant.window, groupBy: variant.grouped ? "k" : nil, ttl: variant.ttl, maxKeys: variant.maxKeys)]
                check(features, variant: variant, seed: seed)
            }
        }
    }

    /// All operators over one shared state and channel: the union of needs must not change
    /// any single answer.
    @Test(arguments: variants)
    func allOperatorsSharingOneStateMatchReference(_ variant: Variant) {
        let features = Self.operators.enumerated().map { i, op in
            aggregationFeature(
                "f\(i)", op, variant.window, groupBy: variant.grouped ? "k" : nil, ttl: variant.ttl, maxKeys: variant.maxKeys)
        }
        for stream in 0..<Self.streamsPerCase {
            check(features, variant: variant, seed: UInt64(50_000 + stream))
        }
    }

    private func check(_ features: [Feature], variant: Variant, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let harness = StateHarness(features)
        var references = features.map {
            NaiveAggregation(
                op: $0.aggregation!.op, window: variant.window, ttl: variant.ttl, grouped: variant.grouped,
                maxKeys: variant.maxKeys)
        }
        var position = TreePosition(session: 1, app: 1, scene: 1, page: 1)
        var ts = Int64.random(in: -300...300, using: &random)
        let count = Int.random(in: 0...60, using: &random)
        for i in 0..<count {
            let input = NaiveAggregation.Input(
                ts: ts, value: Self.randomValue(&random),
                key: variant.grouped ? [.string("x"), .string("y"), .int(1)].randomElement(using: &random)! : nil,
                position: position)
            harness.add(input.ts, input.value, key: input.key, position: input.position)
            for r in references.indices { references[r].add(input) }

            let step = Int64.random(in: 0...30, using: &random) * (Bool.random(using: &random) ? 1 : 0)
                + (i == count - 1 ? 40 : 0)
            ts += step
            if Int.random(in: 0..<10, using: &random) == 0 { position.page += 1 }
            if Int.random(in: 0..<25, using: &random) == 0 { position.scene += 1; position.page += 1 }
            guard step > 0 else { continue }  // a query needs every event with ts <= t processed
            let t = ts - 1 - Int64.random(in: 0..<step, using: &random)
            for (f, feature) in features.enumerated() {
                let actual = harness.query(feature.name, at: t, position: position)
                let expected = references[f].query(at: t, position: position)
                #expect(
                    same(actual, expected, tolerance: 1e-9),
                    "\(feature.aggregation!.op) \(variant.testDescription) seed \(seed) event \(i) t=\(t): got \(actual), expected \(expected)")
                if !same(actual, expected, tolerance: 1e-9) { return }
            }
        }
    }

    static func randomValue(_ random: inout SeededRandom) -> CELValue {
        switch Int.random(in: 0..<20, using: &random) {
        case 0..<11: .int(Int64.random(in: -3...6, using: &random))
        case 11..<15: .double(Double(Int.random(in: -3...6, using: &random)) + 0.5)
        case 15..<17: .string(["a", "b", "c"].randomElement(using: &random)!)
        case 17: .null
        case 18: .bool(Bool.random(using: &random))
        default: .error(CELError("no such key: 'price'"))
        }
    }
}
