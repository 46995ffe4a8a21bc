import Testing
@testable import Engine

/// Hand-computed answers at the edges of each window and operator.
@Suite struct AggregationWindowTests {
    let tenMs = TimeSpan(milliseconds: 10)

    @Test func slidingExcludesTheEventExactlyAtTMinusD() {
        let h = StateHarness(.sum, .sliding(tenMs))
        h.add(100, .int(1))
        h.add(105, .int(2))
        #expect(same(h.query(at: 109), .int(3)))
        #expect(same(h.query(at: 110), .int(2)))  // ts 100 == t - D: out
        #expect(same(h.query(at: 114), .int(2)))
        #expect(same(h.query(at: 115), .int(0)))  // empty window: sum is 0
    }

    @Test func equalTimestampsKeepArrivalOrder() {
        let h = StateHarness([
            aggregationFeature("first", .first, .sliding(tenMs)),
            aggregationFeature("last", .last, .sliding(tenMs)),
            aggregationFeature("count", .count, .sliding(tenMs)),
            aggregationFeature("lastK", .lastK(2), .sliding(tenMs)),
        ])
        for v in [7, 8, 9] { h.add(50, .int(Int64(v))) }
        #expect(same(h.query("first", at: 50), .int(7)))
        #expect(same(h.query("last", at: 50), .int(9)))
        #expect(same(h.query("count", at: 59), .int(3)))
        #expect(same(h.query("lastK", at: 59), .list([.int(8), .int(9)])))
        #expect(same(h.query("count", at: 60), .int(0)))
    }

    @Test func emptyWindowValuesFollowTheSpec() {
        let expected: [(AggregationOperator, CELValue)] = [
            (.count, .int(0)), (.distinctCount, .int(0)), (.sum, .int(0)), (.histogram, map([])),
            (.firstK(2), .list([])), (.lastK(2), .list([])), (.topK(2), .list([])), (.avg, .null), (.min, .null),
            (.max, .null), (.first, .null), (.last, .null), (.stddev, .null), (.percentile(50), .null),
        ]
        for (op, value) in expected {
            #expect(same(StateHarness(op, .sliding(tenMs)).query(at: 0), value), "\(op)")
            #expect(same(StateHarness(op, .lifetime, groupBy: "k").query(at: 0, key: .string("absent")), value), "\(op)")
        }
    }

    @Test func tumblingBucketsAreEpochAligned() {
        let h = StateHarness(.count, .tumbling(tenMs))
        h.add(19)
        #expect(same(h.query(at: 19), .int(1)))
        h.add(20)  // first instant of the next bucket [20, 29]
        #expect(same(h.query(at: 20), .int(1)))
        #expect(same(h.query(at: 29), .int(1)))
        #expect(same(h.query(at: 30), .int(0)))
        let negative = StateHarness(.count, .tumbling(tenMs))
        negative.add(-11)
        negative.add(-10)
        #expect(same(negative.query(at: -10), .int(1)))  // -11 is in [-20, -11]
    }

    @Test func lastNWithFewerEventsThanN() {
        let h = StateHarness([
            aggregationFeature("sum", .sum, .lastN(3)),
            aggregationFeature("count", .count, .lastN(3)),
            aggregationFeature("min", .min, .lastN(3)),
        ])
        h.add(1, .int(5))
        h.add(2, .int(1))
        #expect(same(h.query("sum", at: 2), .int(6)) && same(h.query("count", at: 2), .int(2)))
        h.add(3, .int(4))
        h.add(4, .int(3))
        #expect(same(h.query("sum", at: 1_000_000), .int(8)))  // last N ignores time
        #expect(same(h.query("count", at: 4), .int(3)) && same(h.query("min", at: 4), .int(1)))
    }

    @Test func scopeResetsWhenANewNodeOfItsLevelBegins() {
        let h = StateHarness(.count, .scope(.page))
        let home = TreePosition(session: 1, app: 2, scene: 3, page: 4)
        var cart = home
        cart.page = 9
        h.add(1, position: home)
        h.add(2, position: home)
        #expect(same(h.query(at: 2, position: home), .int(2)))
        #expect(same(h.query(at: 3, position: cart), .int(0)))  // a new page began, nothing yet
        h.add(4, position: cart)
        #expect(same(h.query(at: 4, position: cart), .int(1)))
        let sceneScoped = StateHarness(.count, .scope(.scene))
        sceneScoped.add(1, position: home)
        sceneScoped.add(2, position: cart)  // same scene, other page: no reset
        #expect(same(sceneScoped.query(at: 2, position: cart), .int(2)))
    }

    @Test func groupByEvictsTheLeastRecentlyUpdatedKey() {
        let h = StateHarness(.sum, .lifetime, groupBy: "k", maxKeys: 2)
        h.add(1, .int(1), key: .string("a"))
        h.add(2, .int(10), key: .string("b"))
        h.add(3, .int(2), key: .string("a"))  // a is now more recent than b
        h.add(4, .int(100), key: .string("c"))  // evicts b
        #expect(same(h.query(at: 4), map([(.string("a"), .int(3)), (.string("c"), .int(100))])))
        #expect(same(h.query(at: 4, key: .string("b")), .int(0)))
        #expect(h.state.evictions == 1 && h.state.keyCount == 2)
    }

    @Test func ttlDropsIdleKeysAndBoundsLifetime() {
        let h = StateHarness(.count, .lifetime, groupBy: "k", ttl: 10)
        h.add(0, key: .string("a"))
        h.add(5, key: .string("b"))
        h.add(9, key: .string("a"))
        #expect(same(h.query(at: 14), map([(.string("a"), .int(2)), (.string("b"), .int(1))])))
        #expect(same(h.query(at: 15), map([(.string("a"), .int(2))])))  // b idle for exactly ttl
        h.add(19, key: .string("a"))  // a idle for exactly ttl: starts over
        #expect(same(h.query(at: 19), map([(.string("a"), .int(1))])))
        #expect(h.state.expiredKeys == 2)

        let single = StateHarness(.sum, .lifetime, ttl: 10)
        single.add(0, .int(5))
        #expect(same(single.query(at: 9), .int(5)))
        #expect(same(single.query(at: 10), .int(0)))
    }

    @Test func groupedEventWithoutKeyIsCountedNotAdded() {
        let h = StateHarness(.count, .lifetime, groupBy: "k")
        h.add(1, key: nil)
        #expect(same(h.query(at: 1), map([])) && h.state.eventsWithoutKey == 1)
    }

    @Test func sumKeepsIntegersExactAndTurnsDoubleWhenADoubleArrives() {
        let h = StateHarness(.sum, .sliding(tenMs))
        h.add(1, .int(Int64.max - 1))
        h.add(2, .int(1))
        #expect(same(h.query(at: 2), .int(Int64.max)))
        h.add(3, .int(1))
        #expect(same(h.query(at: 3), .error(CELError("integer overflow in sum"))))
        #expect(same(h.query(at: 11), .int(2)))  // exact again once the big value left
        h.add(12, .double(0.5))
        #expect(same(h.query(at: 12), .double(1.5)))
    }

    @Test func avgStddevAndPercentileByHand() {
        let h = StateHarness([
            aggregationFeature("avg", .avg, .lifetime),
            aggregationFeature("sd", .stddev, .lifetime),
            aggregationFeature("p50", .percentile(50), .lifetime),
            aggregationFeature("p90", .percentile(90), .lifetime),
            aggregationFeature("p0", .percentile(0), .lifetime),
        ])
        for v in [2, 4, 4, 4, 5, 5, 7, 9] { h.add(1, .int(Int64(v))) }
        #expect(same(h.query("avg", at: 1), .double(5)))
        #expect(same(h.query("sd", at: 1), .double(2)))  // the textbook population example
        #expect(same(h.query("p50", at: 1), .int(4)))  // 4 of 8 values <= 4
        #expect(same(h.query("p90", at: 1), .int(9)))
        #expect(same(h.query("p0", at: 1), .int(2)))
    }

    @Test func topKHistogramAndDistinctByHand() {
        let h = StateHarness([
            aggregationFeature("top", .topK(2), .lifetime),
            aggregationFeature("hist", .histogram, .lifetime),
            aggregationFeature("distinct", .distinctCount, .lifetime),
        ])
        for v in ["b", "a", "c", "a", "c"] { h.add(1, .string(v)) }
        h.add(1, .double(1.0))
        h.add(1, .int(1))  // key "1", not "1.0": another value
        h.add(1, .string("1"))  // key "1": the same value as 1
        // 1 and c and a tie at 2 and 1 was seen last; a value reads as its first-seen spelling.
        #expect(same(h.query("top", at: 1), .list([.int(1), .string("c")])))
        #expect(same(h.query("hist", at: 1), map([
            (.string("1"), .int(2)), (.string("1.0"), .int(1)), (.string("a"), .int(2)), (.string("b"), .int(1)),
            (.string("c"), .int(2)),
        ])))
        #expect(same(h.query("distinct", at: 1), .int(5)))
    }

    /// Lists and maps are histogram and distinct_count keys by their JSON text, not Swift's
    /// description; maps in another order are the same key.
    @Test func histogramOfListsAndMapsIsKeyedByJSONText() {
        let h = StateHarness([
            aggregationFeature("hist", .histogram, .lifetime),
            aggregationFeature("distinct", .distinctCount, .lifetime),
        ])
        h.add(1, .list([.int(1), .int(2)]))
        h.add(1, .map(CELMap([(.string("a"), .string("x")), (.string("b"), .int(1))])))
        h.add(1, .map(CELMap([(.string("b"), .int(1)), (.string("a"), .string("x"))])))
        h.add(1, .map(CELMap([(.string("a"), .string("y"))])))
        // Buckets in value order (lists before maps, smaller maps first).
        #expect(PlainJSON.text(h.query("hist", at: 1)) == #"{"[1,2]":1,"{\"a\":\"y\"}":1,"{\"a\":\"x\",\"b\":1}":2}"#)
        #expect(same(h.query("distinct", at: 1), .int(3)))
    }

    /// SPEC §4: `sum avg min max percentile stddev` take numbers and leave other values out;
    /// null is left out of every operator.
    @Test func numericOperatorsLeaveOtherValuesOut() {
        let h = StateHarness([
            aggregationFeature("min", .min, .lifetime), aggregationFeature("max", .max, .lifetime),
            aggregationFeature("p50", .percentile(50), .lifetime), aggregationFeature("last", .last, .lifetime),
            aggregationFeature("hist", .histogram, .lifetime), aggregationFeature("count", .count, .lifetime),
        ])
        for v: CELValue in [.int(3), .string("zz"), .int(5), .bool(true), .list([]), .null] { h.add(1, v) }
        #expect(same(h.query("min", at: 1), .int(3)) && same(h.query("max", at: 1), .int(5)))
        #expect(same(h.query("p50", at: 1), .int(3)))
        #expect(same(h.query("last", at: 1), .list([])))
        #expect(same(h.query("count", at: 1), .int(6)))
        #expect(PlainJSON.text(h.query("hist", at: 1)) == #"{"true":1,"3":1,"5":1,"zz":1,"[]":1}"#)  // value order
    }

    @Test func slidingMinMaxFollowExpiry() {
        let h = StateHarness([
            aggregationFeature("min", .min, .sliding(tenMs)),
            aggregationFeature("max", .max, .sliding(tenMs)),
        ])
        h.add(0, .int(1))
        h.add(5, .int(9))
        h.add(8, .int(3))
        #expect(same(h.query("min", at: 9), .int(1)) && same(h.query("max", at: 9), .int(9)))
        #expect(same(h.query("min", at: 10), .int(3)) && same(h.query("max", at: 14), .int(9)))
        #expect(same(h.query("max", at: 15), .int(3)))
    }

    @Test func errorValuesAreCountedButSkippedByValueReaders() {
        let h = StateHarness([
            aggregationFeature("count", .count, .lifetime),
            aggregationFeature("first", .first, .lifetime),
            aggregationFeature("sum", .sum, .lifetime),
        ])
        h.add(1, .error(CELError("no such key")))
        h.add(2, .int(4))
        #expect(same(h.query("count", at: 2), .int(2)))
        #expect(same(h.query("first", at: 2), .int(4)) && same(h.query("sum", at: 2), .int(4)))
    }
}

@Suite struct ExtremeTimestampTests {
    @Test func timestampsAtTheEndsOfTheRangeDoNotTrap() {
        let windows: [Window] = [.sliding(TimeSpan(milliseconds: 10)), .tumbling(TimeSpan(milliseconds: 10)), .lifetime]
        for window in windows {
            let h = StateHarness([aggregationFeature("f", .count, window, groupBy: "k", ttl: 5)])
            h.add(Int64.min + 1, key: .int(1))
            h.add(Int64.min + 2, key: .int(1))
            #expect(same(h.query(at: Int64.min + 2, key: .int(1)), .int(2)), "\(window)")
            h.add(Int64.max, key: .int(1))
            #expect(same(h.query(at: Int64.max, key: .int(1)), .int(1)), "\(window)")
        }
        let tree = BehaviorTree()
        var early = Event(ts: Int64.min + 1, type: "click")
        var late = Event(ts: Int64.max, type: "click")
        tree.standardise(&early)
        tree.standardise(&late)
        #expect(early.session != late.session)
    }
}
