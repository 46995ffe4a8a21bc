import Testing
@testable import Engine

/// The pipeline's per-type update plan (`StateUpdatePlan`): each distinct expression is computed
/// once per event and each `params.f` found where the type's previous event had it. Whatever
/// order the params come in, and whether a field is there at all, the features must be those a
/// plain loop over the events computes.
@Suite struct PipelineUpdatePlanTests {
    /// Clicks whose params come in a random order, each field sometimes missing, `price`
    /// sometimes a string (left out of sums), plus views that read the same fields.
    static func events(count: Int, seed: UInt64) -> [Event] {
        var random = SeededRandom(seed: seed)
        var ts: Int64 = 0
        return (0..<count).map { _ in
            ts += Int64(random.next() % 50)
            var params: [(CELMapKey, CELValue)] = []
            if random.next() % 5 != 0 {
                let price = Int64(random.next() % 100)
                params.append((.string("price"), random.next() % 7 == 0 ? .string("\(price)") : .int(price)))
            }
            if random.next() % 4 != 0 { params.append((.string("qty"), .int(Int64(random.next() % 4)))) }
            if random.next() % 3 != 0 { params.append((.string("note"), .string("n\(random.next() % 3)"))) }
            params.shuffle(using: &random)
            return Event(ts: ts, type: random.next() % 3 == 0 ? "view" : "click", params: CELMap(params))
        }
    }

    static let features = [
        aggregationFeature("click_spend", .sum, .lifetime, on: ["click"], value: "params.price"),
        aggregationFeature("cheap_spend", .sum, .lifetime, on: ["click"], filter: "params.qty < 2", value: "params.price"),
        aggregationFeature("cheap_count", .count, .lifetime, on: ["click"], filter: "params.qty < 2"),
        aggregationFeature("last_note", .last, .lifetime, on: ["click", "view"], value: "params.note"),
        aggregationFeature("qty_all", .sum, .lifetime, on: ["click", "view"], value: "params.qty"),
        aggregationFeature("doubled", .sum, .lifetime, on: ["view"], value: "params.qty * 2"),
    ]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func featuresMatchAPlainLoopWhateverTheParamsOrder(seed: UInt64) throws {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = Self.features
        let pipeline = try EnginePipeline(project: project, consumed: Set(Self.features.map(\.name)))
        let events = Self.events(count: 3_000, seed: seed)
        for event in events { pipeline.submit(event) }

        // The reference: each event's params looked up by name, nothing shared or remembered.
        func int(_ event: Event, _ field: String) -> Int64? {
            if case .int(let n)? = event.params[string: field] { return n }
            return nil
        }
        let clicks = events.filter { $0.type == "click" }, views = events.filter { $0.type == "view" }
        let cheap = clicks.filter { int($0, "qty").map { $0 < 2 } ?? false }
        let lastNote = events.last { $0.params[string: "note"] != nil }?.params[string: "note"] ?? .null
        let end = events.last!.ts
        #expect(same(pipeline.value(of: "click_spend", at: end), .int(clicks.compactMap { int($0, "price") }.reduce(0, +))))
        #expect(same(pipeline.value(of: "cheap_spend", at: end), .int(cheap.compactMap { int($0, "price") }.reduce(0, +))))
        #expect(same(pipeline.value(of: "cheap_count", at: end), .int(Int64(cheap.count))))
        #expect(same(pipeline.value(of: "last_note", at: end), lastNote))
        #expect(same(pipeline.value(of: "qty_all", at: end), .int(events.compactMap { int($0, "qty") }.reduce(0, +))))
        #expect(same(pipeline.value(of: "doubled", at: end), .int(views.compactMap { int($0, "qty") }.reduce(0, +) * 2)))
        // A click without `qty` fails `where` (no such key): counted, the event left out.
        #expect(pipeline.metrics.expressionErrors > 0)
    }

    @Test func eachStateCountsTheEventsRoutedToIt() throws {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = Self.features
        let pipeline = try EnginePipeline(project: project, consumed: Set(Self.features.map(\.name)))
        let events = Self.events(count: 500, seed: 4)
        for event in events { pipeline.submit(event) }
        let metrics = pipeline.metrics
        #expect(metrics.stateUpdates.count == pipeline.plan.states.count)
        for (i, state) in pipeline.plan.states.enumerated() {
            let routed = events.filter { state.key.on.contains($0.type) }.count
            #expect(metrics.stateUpdates[i] == routed, "state \(i) on \(state.key.on)")
        }
        #expect(metrics.eventsProcessed == events.count)
    }
}
