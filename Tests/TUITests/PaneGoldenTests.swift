import EngineProtocol
import Foundation
import TUI
import XCTest

/// Golden screens of the bottom panel's engine panes, fed as the engine link feeds them.
final class PaneGoldenTests: XCTestCase {
    private func harness() throws -> WorkbenchHarness {
        let harness = try WorkbenchHarness(size: Size(width: 100, height: 30))
        let status = StatusResult(pid: 1, version: 2, project: "demo", contentHash: "cd34", deployedAt: 0, uptimeMilliseconds: 0,
                                  eventsAccepted: 7, eventsLate: 0, eventsRejected: 0, eventsReplayed: 0, decisions: 1,
                                  scriptFailures: 0, workersStarted: 1, workerCrashes: 0, clients: 1)
        harness.workbench.receive(.engine(.connected(status)))
        harness.workbench.receive(.deployments([
            DeploymentInfo(version: 1, contentHash: "ab12", project: "demo", deployedAt: 1_795_255_220_000, author: "me", gate: ["3 passed"], active: false),
            DeploymentInfo(version: 2, contentHash: "cd34", project: "demo", deployedAt: 1_795_255_320_000, author: "me", gate: ["3 passed"], active: true)]))
        for (second, count) in [0, 1, 3, 2, 5].enumerated() {
            harness.workbench.receive(.values(ValuesResult(ts: Int64(second) * 1000, features: [
                .init(name: "home_clicks", value: String(count)), .init(name: "top_pages", value: "[\"home\",\"cart\"]")])))
        }
        harness.workbench.receive(.inspected(InspectResult(
            recentEvents: [#"{"page":"home","ts":1795255320000,"type":"page_enter"}"#, #"{"page":"home","ts":1795255321000,"type":"click"}"#],
            tree: ["session s1 (10:02:00.000 →)", "  app shop", "    scene main", "      page home", "        click"],
            patterns: [.init(name: "back_home", nfa: ["pattern back_home (skip: no_skip)", "  s0 home (1 live)", "  s1 product (0 live)", "  s2 done: match"],
                             livePartialMatches: 1, matches: 0)])))
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

    func testFeaturesPane() throws {
        let h = try harness()
        h.keys(.alt("5"))
        assertGolden(h.screen, "pane-features")
    }

    func testEventsPane() throws {
        let h = try harness()
        h.keys(.alt("6"))
        assertGolden(h.screen, "pane-events")
    }

    func testPatternsPane() throws {
        let h = try harness()
        h.keys(.alt("7"))
        assertGolden(h.screen, "pane-patterns")
    }

    func testDebugPaneWithABreakpointAndNotStopped() throws {
        let h = try harness()
        h.workbench.openFile("scripts/score.py")
        h.keys(.down, .function(9))
        h.keys(.alt("8"))
        assertGolden(h.screen, "pane-debug")
    }
}
