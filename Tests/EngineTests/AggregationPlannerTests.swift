import Testing
@testable import Engine

@Suite struct AggregationPlannerTests {
    let tenMinutes = Window.sliding(TimeSpan(milliseconds: 600_000))

    @Test func featuresWithTheSameKeyShareOneStateAndValueChannel() {
        let features = [
            aggregationFeature("sum", .sum, tenMinutes, filter: "page == 'home'", value: "params.price"),
            aggregationFeature("avg", .avg, tenMinutes, filter: " page == 'home' ", value: "params.price "),
            aggregationFeature("n", .count, tenMinutes, filter: "page == 'home'"),
            aggregationFeature("max_qty", .max, tenMinutes, filter: "page == 'home'", value: "params.qty"),
            aggregationFeature("other_window", .sum, .lifetime, filter: "page == 'home'", value: "params.price"),
        ]
        let plan = AggregationPlanner.plan(features, consumed: Set(features.map(\.name)))
        #expect(plan.states.count == 2)
        #expect(plan.states[0].features == ["sum", "avg", "n", "max_qty"])
        #expect(plan.states[0].channels.map(\.value.text) == ["params.price", "params.qty"])
        #expect(plan.states[0].channels[0].needs.moments && !plan.states[0].channels[0].needs.counts)
        #expect(plan.bindings["n"]!.channel == nil)
        #expect(plan.bindings["max_qty"] == FeatureBinding(feature: "max_qty", state: 0, channel: 1, op: .max))
        #expect(plan.bindings["other_window"]!.state == 1)
    }

    @Test func unconsumedFeaturesAreNotPlanned() {
        let features = [
            aggregationFeature("used", .count, tenMinutes),
            aggregationFeature("unused", .count, .lifetime),
        ]
        let plan = AggregationPlanner.plan(features, consumed: ["used"])
        #expect(plan.states.count == 1 && plan.bindings.keys.sorted() == ["used"])
        #expect(plan.notComputed == ["unused"])
    }

    @Test func differentEventTypesOrGroupingOrBoundsDoNotShare() {
        let features = [
            aggregationFeature("a", .count, tenMinutes, on: ["click", "view"]),
            aggregationFeature("b", .count, tenMinutes, on: ["view", "click", "view"]),
            aggregationFeature("c", .count, tenMinutes, on: ["click"]),
            aggregationFeature("d", .count, tenMinutes, on: ["click"], groupBy: "params.item"),
            aggregationFeature("e", .count, tenMinutes, on: ["click"], groupBy: "params.item", maxKeys: 5),
        ]
        let plan = AggregationPlanner.plan(features, consumed: Set(features.map(\.name)))
        #expect(plan.states.map(\.features) == [["a", "b"], ["c"], ["d"], ["e"]])
    }

    @Test func memoryBoundNamesWhatGrows() {
        let sliding = StateHarness(.sum, tenMinutes)
        #expect(sliding.state.memoryBound == "per key: one timestamp per event in the last 10m; one value per event in the last 10m for each channel needing it; one key")
        let grouped = StateHarness(.histogram, .lifetime, groupBy: "k", ttl: 60_000, maxKeys: 100)
        #expect(grouped.state.memoryBound == "per key: constant running aggregates; one count per distinct value of v; at most 100 keys; keys idle for 1m dropped")
    }
}

@Suite struct GroupKeyTests {
    /// SPEC §4: compact JSON text, object keys sorted, non-finite doubles as strings.
    @Test func nonStringValuesAreKeyedByCompactJSONWithSortedKeys() {
        let list = CELValue.list([.int(1), .int(2)])
        #expect(GroupKey.from(list) == .string("[1,2]"))
        let map = CELValue.map(CELMap([(.string("b"), .int(1)), (.string("a"), .string("x"))]))
        #expect(GroupKey.from(map) == .string(#"{"a":"x","b":1}"#))
        let nested = CELValue.list([.map(CELMap([(.string("z"), .null), (.string("y"), .list([.bool(false)]))]))])
        #expect(GroupKey.from(nested) == .string(#"[{"y":[false],"z":null}]"#))
        #expect(GroupKey.from(.double(.nan)) == .string("NaN"))
        #expect(GroupKey.from(.double(-.infinity)) == .string("-Infinity"))
        #expect(GroupKey.from(.list([.double(.infinity)])) == .string(#"["Infinity"]"#))
    }

    @Test func equalNumbersShareAKeyAndOtherValuesHaveNone() {
        #expect(GroupKey.from(.double(2)) == .string("2.0"))
        #expect(GroupKey.from(.uint(2)) == .string("2"))
        #expect(GroupKey.from(.int(-3)) == .string("-3"))
        #expect(GroupKey.from(.uint(UInt64.max)) == .string("18446744073709551615"))
        #expect(GroupKey.from(.string("a")) == .string("a"))
        #expect(GroupKey.from(.bool(true)) == .string("true"))
        #expect(GroupKey.from(.double(12.5)) == .string("12.5"))
        #expect(GroupKey.from(.null) == nil)
        #expect(GroupKey.from(.error(CELError("no such key"))) == nil)
        #expect(GroupKey.from(.list([])) == .string("[]"))
    }
}
