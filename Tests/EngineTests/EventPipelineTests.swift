import Testing
@testable import Engine

/// Decode → standardise → aggregate, the way the runtime will chain them (with values
/// evaluated by hand until the CEL evaluator is merged).
@Suite struct EventPipelineTests {
    @Test func pageScopedCountFollowsTheTreeAndContextIsFilled() {
        let lines = """
            {"ts": 1000, "type": "page_enter", "page": "home"}
            {"ts": 1100, "type": "click", "params": {"price": 10}}
            {"ts": 1200, "type": "click", "params": {"price": 2.5}}
            {"ts": 1300, "type": "page_enter", "page": "cart"}
            {"ts": 1400, "type": "click", "params": {"price": 1}}
            """
        let tree = BehaviorTree()
        let plan = AggregationPlanner.plan(
            [aggregationFeature("page_clicks", .count, .scope(.page), on: ["click"]),
             aggregationFeature("page_spend", .sum, .scope(.page), on: ["click"], value: "params.price")],
            consumed: ["page_clicks", "page_spend"])
        let state = SharedAggregationState(plan: plan.states[0])
        var pages: [String?] = []
        var spendAfterEach: [CELValue] = []
        for var event in EventDecoder().decodeAll(lines).events {
            tree.standardise(&event)
            pages.append(event.page)
            if plan.states[0].key.on.contains(event.type) {
                state.add(ts: event.ts, values: [event.params[string: "price"] ?? .null], position: tree.position)
            }
            spendAfterEach.append(state.query(plan.bindings["page_spend"]!, at: event.ts, position: tree.position))
        }
        #expect(pages == ["home", "home", "home", "cart", "cart"])
        let expected: [CELValue] = [.int(0), .int(10), .double(12.5), .int(0), .int(1)]
        #expect(spendAfterEach.count == expected.count && zip(spendAfterEach, expected).allSatisfy { same($0, $1) })
        #expect(same(state.query(plan.bindings["page_clicks"]!, at: 1400, position: tree.position), .int(1)))
        #expect(state.heldItems == 0)  // scope windows keep running aggregates only
    }
}
