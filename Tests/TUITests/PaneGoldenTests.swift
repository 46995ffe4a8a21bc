import EngineProtocol
import Foundation
import TUI
import XCTest

/// Golden screens of the bottom panel's engine panes, fed as the engine link feeds them.
final class PaneGoldenTests: XCTestCase {
    static let clickEvent = #"{"page":"home","ts":1795255321000,"type":"click"}"#

    /// Values as five polls brought them: home_clicks rising, spend_by_item grouped by item,
    /// home_clicks' last two changes as the engine recorded them; lineage from inspect.
    static func feed(_ workbench: Workbench) {
        for (second, count) in [0, 1, 3, 2, 5].enumerated() {
            var clicks = ValuesResult.Feature(name: "home_clicks", value: String(count))
            clicks.changes = [FeatureChange(ts: 1_795_255_320_500, event: "click · page home", from: "1", to: "2"),
                              FeatureChange(ts: 1_795_255_321_000, event: #"click {"item":"sku1"} · page home"#, from: "2", to: "3")]
            var spend = ValuesResult.Feature(name: "spend_by_item", value: #"{"shoes":\#(30 + second * 5).0,"hat":5.0}"#)
            spend.keys = [KeyedValue(key: "\"shoes\"", value: "\(30 + second * 5).0"), KeyedValue(key: "\"hat\"", value: "5.0")]
            spend.changes = [FeatureChange(ts: 1_795_255_321_000, event: #"click {"item":"shoes","price":5.0} · page home"#,
                                           from: #"{"shoes":45.0,"hat":5.0}"#, to: #"{"shoes":50.0,"hat":5.0}"#, keys: [KeyChange(key: "\"shoes\"", from: "45.0", to: "50.0")])]
            workbench.receive(.values(ValuesResult(ts: Int64(second) * 1000, features: [
                clicks, spend, .init(name: "top_pages", value: "[\"home\",\"cart\"]")])))
        }
        var inspected = InspectResult(
            recentEvents: [#"{"page":"home","ts":1795255320000,"type":"page_enter"}"#, clickEvent],
            tree: ["session s1 (10:02:00.000 →)", "  app shop", "    scene main", "      page home", "        click"],
            patterns: [.init(name: "back_home", nfa: ["pattern back_home (skip: no_skip)", "  s0 home (1 live)", "  s1 product (0 live)", "  s2 done: match"],
                             livePartialMatches: 1, matches: 2)])
        inspected.lineage = [
            FeatureLineage(feature: "home_clicks", reads: ["shared state 1: on [click] where page == \"home\", window sliding 10m"],
                           readBy: ["decision score (scripts/score.py) on event click"]),
            FeatureLineage(feature: "spend_by_item", reads: ["shared state 2: on [click], window sliding 10m, group by params.item (max 1000 keys)"], readBy: []),
        ]
        workbench.receive(.inspected(inspected))
    }

    private func harness() throws -> WorkbenchHarness {
        let harness = try WorkbenchHarness(size: Size(width: 120, height: 36))
        let status = StatusResult(pid: 1, version: 2, project: "demo", contentHash: "cd34", deployedAt: 0, uptimeMilliseconds: 0,
                                  eventsAccepted: 7, eventsLate: 0, eventsRejected: 0, eventsReplayed: 0, decisions: 1,
                                  scriptFailures: 0, workersStarted: 1, workerCrashes: 0, clients: 1)
        harness.workbench.receive(.engine(.connected(status)))
        harness.workbench.receive(.deployments([
            DeploymentInfo(version: 1, contentHash: "ab12", project: "demo", deployedAt: 1_795_255_220_000, author: "me", gate: ["3 passed"], active: false),
            DeploymentInfo(version: 2, contentHash: "cd34", project: "demo", deployedAt: 1_795_255_320_000, author: "me", gate: ["3 passed"], active: true)]))
        Self.feed(harness.workbench)
        return harness
    }

    func testDeploysPane() throws {
        let h = try harness()
        h.keys(.alt("3"))
        assertGolden(h.screen, "pane-deploys")
    }

    /// Mid-play: coupon_happy_path as the engine played it, paused on the click of 19 s
    /// after playing to 15 s — the cursor on that event, the verdicts of 15 s and 19 s shown,
    /// the decision of 20 s not yet.
    func testMocksPaneMidPlay() throws {
        let h = try MocksPlayerPaneTests.harness()
        h.keys(.enter)
        h.workbench.receive(.played(ScenarioPlayer(scenario: "coupon_happy_path", result: try ScenarioPlayerTests.recorded())))
        for _ in 0..<30 { h.workbench.timerFired(.playback) }
        h.keys(.character(" "), .right)
        assertGolden(h.screen, "pane-mocks")
    }

    /// F7's report of every scenario, where the player was.
    func testMocksPaneAfterRunningEveryScenario() throws {
        let h = try MocksPlayerPaneTests.harness()
        h.keys(.function(7))
        h.workbench.receive(.engineCommandFinished(command: "test", succeeded: false, output: MocksPaneTests.failedRun))
        assertGolden(h.screen, "pane-mocks-run-all")
    }

    /// The list with sparklines and the last change; beside it the selected feature's
    /// lineage and its changes with their events.
    func testFeaturesPane() throws {
        let h = try harness()
        h.keys(.alt("5"))
        assertGolden(h.screen, "pane-features")
    }

    /// spend_by_item watched (pinned first, ★), expanded by key, a data breakpoint on one key.
    func testFeaturesPaneWatchedAndExpanded() throws {
        let h = try harness()
        h.keys(.alt("5"), .down, .character("w"), .right, .down, .character("b"))
        assertGolden(h.screen, "pane-features-expanded")
    }

    func testEventsPane() throws {
        let h = try harness()
        h.keys(.alt("6"), .character("b"))
        assertGolden(h.screen, "pane-events")
    }

    /// t moves into the behaviour tree; the scene node folded away with what is under it.
    func testEventsPaneWithATreeNodeFolded() throws {
        let h = try harness()
        h.keys(.alt("6"), .character("t"), .up, .up, .enter)
        assertGolden(h.screen, "pane-events-tree-folded")
    }

    /// The NFA with its live state, and below it back_home's two live matches from the log,
    /// newest first (another pattern's match and a played scenario's are not its).
    func testPatternsPane() throws {
        let h = try harness()
        h.workbench.receive(.logs(PatternMatchesTests.matchRecords, replacing: false))
        h.keys(.alt("7"), .character("b"))
        assertGolden(h.screen, "pane-patterns")
    }

    /// Every kind of breakpoint listed: a plain and a conditional line, a logpoint, an event,
    /// a pattern and a feature; the gutter marks each line's kind.
    func testDebugPaneListsEveryBreakpoint() throws {
        let h = try harness()
        h.workbench.openFile("scripts/score.py")
        h.keys(.down, .function(9), .down, .function(21))
        h.type("ctx[\"clicks\"] > 5 hit >=2\n")
        h.keys(.down)
        h.workbench.handle(.key(.function(21)))
        h.type("log clicks={ctx[\"clicks\"]}\n")
        h.keys(.alt("6"), .character("b"), .alt("7"), .character("b"), .alt("5"), .character("b"))
        h.keys(.alt("8"))
        assertGolden(h.screen, "pane-debug")
    }

    /// Stopped: the stack, the variables with ctx expanded one level (its children indented).
    func testDebugPaneStoppedWithAVariableExpanded() throws {
        let h = try harness()
        let adapter = RecordingDebugger()
        h.environment.debugger = adapter
        h.workbench.openFile("scripts/score.py")
        h.keys(.down, .function(9))
        DebugPaneTests.stop(h, adapter)
        h.keys(.alt("8"), .down, .right)
        let seq = adapter.requests.last!.seq
        h.workbench.receive(RecordingDebugger.response(to: seq, "variables", ["variables": [
            ["name": "features", "value": "{home_clicks: 5}", "variablesReference": 12],
            ["name": "variant", "value": "'treat'", "variablesReference": 0]]]))
        assertGolden(h.screen, "pane-debug-stopped")
    }
}
