import Testing
@testable import Engine

/// State expressions read `params.f` from the slot the pipeline fills once per event, not from
/// the map (`ParamsReads`, `StateUpdatePlan`). Whatever the expression does with the field —
/// compare it, call a method on it, test it with `has`, index `params` by a string — each
/// state must hold what evaluating its expressions as plain CEL over the event gives.
@Suite struct PipelineFieldSlotTests {
    /// Each state: its `where` and its summed value, both as written in the project.
    static let states: [(filter: String, value: String)] = [
        ("params.price > 40", "params.price"),
        ("params.note.startsWith(\"n1\")", "params.qty * 2"),
        ("has(params.note) && params.qty in [1, 2]", "params.price + params.qty"),
        ("size(params) > 2", "params[\"qty\"]"),
        ("params.qty < 2 || params.note == \"n0\"", "params.price - params.qty"),
        ("[1, 2].exists(q, q == params.qty)", "params.qty"),
    ]

    static var features: [Feature] {
        states.indices.map { i in
            aggregationFeature("f\(i)", .sum, .lifetime, on: ["click"], filter: states[i].filter, value: states[i].value)
        }
    }

    @Test(arguments: [5, 6, 7] as [UInt64])
    func eachStateHoldsWhatPlainCELGivesOverTheEvent(seed: UInt64) throws {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = Self.features
        let pipeline = try EnginePipeline(project: project, consumed: Set(Self.features.map(\.name)))
        var logged: [String] = []
        pipeline.onLog = { logged.append("\($0.source) \($0.message) \(PlainJSON.text(.map($0.fields)))") }
        // Params in random order, fields sometimes missing, price sometimes a string.
        let events = PipelineUpdatePlanTests.events(count: 2_000, seed: seed).map { event in
            var event = event
            event.type = "click"
            return event
        }
        for event in events { pipeline.submit(event) }

        // The reference: each expression compiled alone and evaluated over the event's own
        // activation, the map looked up as CEL does; sums as a plain loop.
        var activation = EventActivation(device: project.manifest.device)
        let programs = try Self.states.map { state in
            (filter: try CELProgram.compile(state.filter, in: EventContext.environment).get(),
             value: try CELProgram.compile(state.value, in: EventContext.environment).get())
        }
        let end = events.last!.ts
        var failures = 0
        var firstFailure: [Int: String] = [:]
        var sums = [CELValue](repeating: .int(0), count: Self.states.count)
        for event in events {
            activation.bind(event)
            for (i, program) in programs.enumerated() {
                let filter = program.filter.evaluate(activation.activation)
                guard case .bool(true) = filter else {
                    if case .bool(false) = filter { continue }
                    failures += 1
                    if firstFailure[i] == nil { firstFailure[i] = Self.reason(filter) }
                    continue
                }
                let value = program.value.evaluate(activation.activation)
                switch value {
                case .int, .double: sums[i] = CELOperators.add(sums[i], value)
                case .error:
                    failures += 1
                    if firstFailure[i] == nil { firstFailure[i] = Self.reason(value) }
                default: break  // a string is left out of a sum
                }
            }
        }
        for i in Self.states.indices {
            #expect(same(pipeline.value(of: "f\(i)", at: end), sums[i], tolerance: 1e-9), "state \(i): \(Self.states[i])")
        }
        #expect(pipeline.metrics.expressionErrors == failures)
        // The first failure of each state is logged with the error plain CEL gives.
        for (i, reason) in firstFailure {
            #expect(logged.contains { $0.hasPrefix("state:f\(i) ") && $0.contains(reason) }, "state \(i): \(reason)")
        }
    }

    private static func reason(_ value: CELValue) -> String {
        if case .error(let e) = value { return PlainJSON.text(.string(e.message)) }
        return PlainJSON.text(value)
    }

    @Test func paramsIsBoundOnlyWhenReadOtherThanAsFields() {
        #expect(ParamsReads("params.price > 1 && params.note.startsWith(\"a\")") == ParamsReads(fields: ["price", "note"]))
        #expect(ParamsReads("has(params.note)") == ParamsReads(wholeParams: true))
        #expect(ParamsReads("params[\"qty\"] + params.qty") == ParamsReads(fields: ["qty"], wholeParams: true))
        #expect(ParamsReads("params.a.b") == ParamsReads(fields: ["a"]))
        #expect(ParamsReads("[params].exists(p, p.x > 1)") == ParamsReads(wholeParams: true))
        #expect(ParamsReads("page == \"home\"") == ParamsReads())
    }

    /// The values computed for an event are remembered under a count of the pipeline's own:
    /// a snapshot restore sets `eventsProcessed` back, and an event numbered as one before it
    /// must not take that event's values.
    @Test func anEventAfterTheCountersWentBackComputesItsOwnValues() throws {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = [
            aggregationFeature("doubled", .sum, .lifetime, on: ["click"], value: "params.price * 2"),
            aggregationFeature("big", .count, .lifetime, on: ["click"], filter: "params.price * 2 > 50"),
        ]
        let pipeline = try EnginePipeline(project: project, consumed: ["doubled", "big"])
        func click(_ ts: Int64, _ price: Int64) -> Event {
            Event(ts: ts, type: "click", params: CELMap([(.string("price"), .int(price))]))
        }
        pipeline.submit(click(1, 1))
        let saved = pipeline.runtimeState
        pipeline.submit(click(2, 10))
        pipeline.runtimeState = saved  // what a restore does: eventsProcessed is 1 again
        #expect(pipeline.metrics.eventsProcessed == 1)
        pipeline.submit(click(3, 100))
        #expect(same(pipeline.value(of: "doubled", at: 3), .int(2 * (1 + 10 + 100))))
        #expect(same(pipeline.value(of: "big", at: 3), .int(1)))
    }
}
