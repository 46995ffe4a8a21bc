import Testing
@testable import Engine

/// SPEC §4 through the pipeline: `group_by` keys are strings; null leaves the event out;
/// non-finite doubles print as strings.
@Suite struct GroupKeyPipelineTests {
    static func click(_ ts: Int64, _ tag: CELValue) -> Event {
        Event(ts: ts, type: "click", params: CELMap([(.string("tag"), tag)]))
    }

    @Test func nonStringGroupByValuesAreKeyedByJSONTextAndNullIsLeftOut() throws {
        var project = SharedStateInvisibilityTests.emptyProject
        project.features = [aggregationFeature("by_tag", .count, .lifetime, on: ["click"], groupBy: "params.tag")]
        let p = try EnginePipeline(project: project, consumed: ["by_tag"])
        p.submit(Self.click(1, .int(3)))
        p.submit(Self.click(2, .string("3")))
        p.submit(Self.click(3, .list([.int(1), .string("a")])))
        p.submit(Self.click(4, .map(CELMap([(.string("z"), .int(1)), (.string("a"), .bool(false))]))))
        p.submit(Self.click(5, .double(2.5)))
        p.submit(Self.click(6, .null))
        let all = PlainJSON.text(p.value(of: "by_tag", at: 6))
        #expect(all == #"{"2.5":1,"3":2,"[1,\"a\"]":1,"{\"a\":false,\"z\":1}":1}"#)
        #expect(same(p.value(of: "by_tag", key: .int(3), at: 6), .int(2)))  // `key: 3` reads "3"
        #expect(same(p.value(of: "by_tag", key: .double(2.5), at: 6), .int(1)))
    }

    @Test func nonFiniteDoublesPrintAsStrings() {
        let value = CELValue.list([.double(.nan), .double(.infinity), .double(-.infinity), .double(1.5)])
        #expect(PlainJSON.text(value) == #"["NaN","Infinity","-Infinity",1.5]"#)
    }
}
