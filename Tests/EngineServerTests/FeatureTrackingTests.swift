import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// What the IDE's Features pane asks of the engine: a grouped feature's value by key, the
/// event after which a tracked feature last changed (recorded as events are applied, not
/// guessed from polls), and each feature's lineage in the deployed project.
@Suite struct FeatureTrackingTests {
    static let project: [String: String] = [
        "featide.yaml": "kind: project\nname: tiny\nversion: 1.0.0\n",
        "features/clicks.yaml": "kind: feature\nname: clicks\non: click\nagg: count\nwindow: {sliding: 10m}\n",
        "features/spend.yaml": """
            kind: feature
            name: spend_by_item
            on: click
            value: params.price
            agg: sum
            window: {sliding: 10m}
            group_by: params.item
            ---
            kind: feature
            name: cart_adds
            on: add_to_cart
            agg: count
            window: {sliding: 10m}

            """,
        "patterns/back.yaml": "kind: pattern\nname: added_then_clicked\nsteps:\n  - {name: added, on: add_to_cart}\n  - {name: clicked, on: click}\n",
        "decisions/offer.yaml": """
            kind: decision
            name: offer
            trigger: {pattern: added_then_clicked}
            inputs: [clicks]
            script: scripts/offer.py
            action: log

            """,
        "scripts/offer.py": "def decide(ctx):\n    return {\"clicks\": ctx.features[\"clicks\"]}\n",
    ]

    static func click(_ second: Int, _ item: String, _ price: Double) -> String {
        #"{"ts":\#(1_700_000_000_000 + second * 1000),"type":"click","params":{"item":"\#(item)","price":\#(price)}}"#
    }

    private func deployed() throws -> RPCDispatcherTests.Fixture {
        let fixture = try RPCDispatcherTests.Fixture()
        try fixture.authenticate()
        #expect(try fixture.call("deploy", DeployParams(bundle: RPCDispatcherTests.bundle(Self.project), author: "t", gate: [])).error == nil)
        return fixture
    }

    private func values(_ fixture: RPCDispatcherTests.Fixture, track: [String]? = nil) throws -> [String: ValuesResult.Feature] {
        let result = try RPCCoding.decode(ValuesResult.self, from: try fixture.call("values", ValuesParams(track: track)).result)
        return Dictionary(uniqueKeysWithValues: result.features.map { ($0.name, $0) })
    }

    @Test func aGroupedFeatureIsListedByKey() throws {
        let fixture = try deployed()
        _ = try fixture.call("send", SendParams(events: [Self.click(0, "shoes", 30), Self.click(1, "hat", 5), Self.click(2, "shoes", 12.5)]))
        let features = try values(fixture)
        let keys = try #require(features["spend_by_item"]?.keys)
        #expect(Set(keys.map(\.key)) == ["\"shoes\"", "\"hat\""])
        #expect(keys.first { $0.key == "\"shoes\"" }?.value == "42.5")
        #expect(keys.first { $0.key == "\"hat\"" }?.value == "5.0")
        #expect(features["clicks"]?.keys == nil, "an ungrouped feature has no keys")
        #expect(features["clicks"]?.changes == nil, "nothing is tracked unless asked")
    }

    @Test func trackedFeaturesRecordTheEventThatChangedThem() throws {
        let fixture = try deployed()
        _ = try fixture.call("send", SendParams(events: [Self.click(0, "shoes", 30)]))
        // Tracking starts with this call: earlier events are not attributed.
        #expect(try values(fixture, track: ["clicks", "spend_by_item", "cart_adds"])["clicks"]?.changes == nil)
        let add = #"{"ts":1700000005000,"type":"add_to_cart","params":{"item":"hat"}}"#
        _ = try fixture.call("send", SendParams(events: [Self.click(3, "hat", 5), add, Self.click(7, "hat", 2)]))
        let features = try values(fixture, track: ["clicks", "spend_by_item", "cart_adds"])
        let clicks = try #require(features["clicks"]?.changes)
        #expect(clicks.map(\.ts) == [1_700_000_003_000, 1_700_000_007_000])
        #expect(clicks.map(\.from) == ["1", "2"])
        #expect(clicks.map(\.to) == ["2", "3"])
        // The event as a person reads it: type, params, the page the tree placed it on.
        #expect(clicks.map { $0.event.components(separatedBy: " · page ").first } == [#"click {"item":"hat","price":5.0}"#, #"click {"item":"hat","price":2.0}"#])
        #expect(clicks.allSatisfy { $0.event.contains(" · page ") })
        // The add_to_cart changed cart_adds and nothing else.
        #expect(features["cart_adds"]?.changes?.map(\.ts) == [1_700_000_005_000])
        #expect(features["cart_adds"]?.changes?.first?.event.hasPrefix(#"add_to_cart {"item":"hat"} · page "#) == true)
        let spend = try #require(features["spend_by_item"]?.changes)
        #expect(spend.map { $0.keys ?? [] } == [[KeyChange(key: "\"hat\"", from: "null", to: "5.0")], [KeyChange(key: "\"hat\"", from: "5.0", to: "7.0")]])
        #expect(spend.last?.to.contains("\"hat\":7.0") == true)
        // Asking with an empty list stops it: later events are not recorded.
        _ = try values(fixture, track: [])
        _ = try fixture.call("send", SendParams(events: [Self.click(9, "hat", 1)]))
        #expect(try values(fixture)["clicks"]?.changes == nil)
    }

    /// Nobody asking for a while (an IDE closed): the tracker leaves the pipeline's hook slot.
    @Test func trackingLapsesWhenNobodyAsksAgain() throws {
        let fixture = try deployed()
        _ = try fixture.call("send", SendParams(events: [Self.click(0, "hat", 1)]))
        _ = try values(fixture, track: ["clicks"])
        let instance = fixture.dispatcher.instance
        #expect(instance.changeTracker != nil)
        #expect(instance.active?.pipeline.debugHook === instance.changeTracker)
        instance.trackedAt -= EngineInstance.trackingLapse + 1
        instance.tick()
        #expect(instance.changeTracker == nil)
        #expect(instance.active?.pipeline.debugHook == nil, "the hook slot is as before: no debugger here")
        _ = try fixture.call("send", SendParams(events: [Self.click(1, "hat", 1)]))
        let clicks = try values(fixture)["clicks"]
        #expect(clicks?.value == "2", "the event was applied")
        #expect(clicks?.changes == nil, "and not recorded")
    }

    /// A deploy keeps tracking: the new version's pipeline gets the tracker in front of its hook.
    @Test func aDeployKeepsTrackingOnTheNewPipeline() throws {
        let fixture = try deployed()
        _ = try fixture.call("send", SendParams(events: [Self.click(0, "hat", 1)]))
        _ = try values(fixture, track: ["clicks"])
        var changed = Self.project
        changed["features/more.yaml"] = "kind: feature\nname: more_clicks\non: click\nagg: count\nwindow: {sliding: 1h}\n"
        #expect(try fixture.call("deploy", DeployParams(bundle: RPCDispatcherTests.bundle(changed), author: "t", gate: [])).error == nil)
        let instance = fixture.dispatcher.instance
        #expect(instance.active?.pipeline.debugHook === instance.changeTracker)
        _ = try fixture.call("send", SendParams(events: [Self.click(1, "hat", 1)]))
        let after = try values(fixture, track: ["clicks"])["clicks"]
        #expect(after?.changes?.map(\.to) == ["2"], "\(String(describing: after))")
    }

    @Test func lineageSaysWhatAFeatureReadsAndWhatReadsIt() throws {
        let fixture = try deployed()
        let inspected = try RPCCoding.decode(InspectResult.self, from: try fixture.call("inspect", Empty()).result)
        let lineage = Dictionary(uniqueKeysWithValues: try #require(inspected.lineage).map { ($0.feature, $0) })
        let clicks = try #require(lineage["clicks"])
        #expect(clicks.reads.count == 1)
        #expect(clicks.reads[0].hasPrefix("shared state"))
        #expect(clicks.reads[0].contains("on [click]"))
        #expect(clicks.readBy == ["decision offer (scripts/offer.py) on pattern added_then_clicked"])
        #expect(lineage["spend_by_item"]?.reads.first?.contains("group by params.item") == true)
        #expect(lineage["spend_by_item"]?.readBy == [])
    }
}
