import EngineProtocol
import Foundation
import TUI
import XCTest

/// The Logs and Deploys panes and the engine's state in the status line, fed as the engine
/// link feeds them (messages from another thread).
final class EnginePanesTests: XCTestCase {
    static func entry(_ ts: Int64, _ level: String, _ line: String) -> LogLine {
        LogLine(LogEntry(line: line, ts: ts, level: level))
    }

    static let records: [LogLine] = [
        entry(1_795_255_220_000, "info", #"{"record":"deploy","version":1,"hash":"ab12"}"#),
        entry(1_795_255_221_000, "info", #"{"record":"log","ts":1795255221000,"level":"info","source":"script:scripts/score.py:3","message":"offering coupon","fields":{}}"#),
        entry(1_795_255_222_000, "warn", #"{"record":"log","ts":1795255222000,"level":"warn","source":"pipeline","message":"late event dropped","fields":{}}"#),
        entry(1_795_255_223_000, "error", #"{"record":"log","ts":1795255223000,"level":"error","source":"script:scripts/score.py:4","message":"decide failed (exception)","fields":{}}"#),
    ]

    private func harnessWithEngine() throws -> WorkbenchHarness {
        let harness = try WorkbenchHarness()
        let status = StatusResult(pid: 1, version: 1, project: "demo", contentHash: "ab12", deployedAt: 0, uptimeMilliseconds: 0,
                                  eventsAccepted: 42, eventsLate: 0, eventsRejected: 0, eventsReplayed: 0, decisions: 0,
                                  scriptFailures: 0, workersStarted: 0, workerCrashes: 0, clients: 1)
        harness.workbench.receive(.engine(.connected(status)))
        harness.workbench.receive(.deployments([
            DeploymentInfo(version: 1, contentHash: "ab12", project: "demo", deployedAt: 1_795_255_220_000, author: "me", gate: ["3 passed"], active: true)]))
        harness.workbench.receive(.logs(Self.records, replacing: true))
        return harness
    }

    func testLogsShowLiveRecordsFilteredByLevelAndTextAndJumpToTheirScriptLine() throws {
        let harness = try harnessWithEngine()
        harness.keys(.alt("2"))
        assertGolden(harness.screen, "logs-pane")
        XCTAssertTrue(harness.screen.contains("engine: v1 · 42 events"))
        // A record arriving later is shown at once (following).
        harness.workbench.receive(.logs([Self.entry(1_795_255_224_000, "info", #"{"record":"decision","decision":"coupon_popup","ts":1795255224000}"#)], replacing: false))
        XCTAssertTrue(harness.screen.contains("decision  {\"decision\":\"coupon_popup\"}"), harness.screen)
        harness.type("l")
        harness.type("l")  // warn and above
        XCTAssertFalse(harness.screen.contains("offering coupon"))
        XCTAssertTrue(harness.screen.contains("late event dropped"))
        harness.type("l")
        harness.type("l")  // back to everything
        harness.type("/")
        harness.type("coupon\n")
        XCTAssertTrue(harness.screen.contains("offering coupon"))
        XCTAssertFalse(harness.screen.contains("late event dropped"))
        harness.keys(.home, .enter)  // the script's record: its file opens at its line
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "scripts/score.py")
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor.line, 2)
    }

    func testLogsStayBoundedUnderAFlood() throws {
        let harness = try harnessWithEngine()
        let flood = (0..<25_000).map { Self.entry(Int64($0), "info", #"{"record":"log","source":"x","message":"m\#($0)"}"#) }
        for chunk in stride(from: 0, to: flood.count, by: 1000) {
            harness.workbench.receive(.logs(Array(flood[chunk..<min(chunk + 1000, flood.count)]), replacing: false))
        }
        harness.keys(.alt("2"))
        XCTAssertTrue(harness.screen.contains("LOGS 10000"), harness.screen)
        XCTAssertTrue(harness.screen.contains("m24999"))
    }

    func testWithoutAnEngineF6SaysSo() throws {
        let harness = try harnessWithEngine()
        harness.keys(.function(6))
        XCTAssertEqual(harness.workbench.status, "This IDE has no engine (open a project folder).")
    }

    /// F6 plans first (check, gate, plan against the live version), shows the gate's results
    /// and the plan, and deploys only on yes.
    func testDeploysListVersionsAndF6ShowsThePlanBeforeDeploying() throws {
        let harness = try harnessWithEngine()
        harness.environment.hasEngine = true
        harness.keys(.alt("3"))
        XCTAssertTrue(harness.screen.contains("● version 1  ab12"), harness.screen)
        harness.keys(.function(6))
        XCTAssertEqual(harness.environment.engineCommands, [["deploy", "--plan"]])
        harness.workbench.receive(.engineCommandFinished(command: "deploy --plan", succeeded: true, output: [
            "gate: coupon_happy_path: 10 passed", "plan: features: = 14 kept, ~ 1 reset, + 0 new, - 0 removed",
            "would deploy version 2 (cd34); nothing was deployed (--plan)"]))
        assertGolden(harness.screen, "deploy-plan-confirm")
        harness.type("y")
        XCTAssertEqual(harness.environment.engineCommands.last, ["deploy"])
        harness.workbench.receive(.engineCommandFinished(command: "deploy", succeeded: true,
                                                         output: ["plan: features: = 14 kept", "deployed version 2 (cd34)"]))
        XCTAssertTrue(harness.screen.contains("deployed version 2 (cd34)"), harness.screen)
        XCTAssertEqual(harness.workbench.status, "deploy done: deployed version 2 (cd34)")
    }

    func testAFailingGateIsShownAndNothingIsAsked() throws {
        let harness = try harnessWithEngine()
        harness.environment.hasEngine = true
        harness.keys(.function(6))
        harness.workbench.receive(.engineCommandFinished(command: "deploy --plan", succeeded: false, output: [
            "gate: coupon_happy_path: 9 passed, 1 failed",
            "featide: deploy refused: the gate failed (1 reason); nothing was deployed"]))
        XCTAssertFalse(harness.screen.contains("Deploy to the engine?"))
        XCTAssertEqual(harness.workbench.status, "Deploy refused: the gate failed (1 reason); nothing was deployed")
        XCTAssertTrue(harness.screen.contains("9 passed, 1 failed"), harness.screen)
        XCTAssertEqual(harness.environment.engineCommands, [["deploy", "--plan"]])
    }
}

final class MocksPaneTests: XCTestCase {
    static let failedRun = [
        "scenario coupon_happy_path",
        "  ✗ home_click_amount_10m at 15s  (mocks/coupon_happy_path.yaml:16:5)",
        "      expected: 63.5",
        "      actual:   62.5",
        "28 passed, 1 failed",
    ]

    func testScenariosAreListedFromMocks() {
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        XCTAssertEqual(ScenarioResults.scenarios(in: packageRoot + "/projects/shopping"),
                       ["browsing_categories", "cart_abandoned", "coupon_happy_path"])
    }

    func testAFailedExpectationOfARunGoesToProblemsAtItsLine() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.function(7))  // no engine in tests: said, not pretended
        XCTAssertEqual(harness.workbench.status, "This IDE has no engine (open a project folder).")
        harness.workbench.receive(.engineCommandFinished(command: "test", succeeded: false, output: Self.failedRun))
        let problem = try XCTUnwrap(harness.workbench.problems.first)
        XCTAssertEqual(problem.location, "mocks/coupon_happy_path.yaml:16:5")
        XCTAssertEqual(problem.message, "scenario expectation failed: home_click_amount_10m at 15s — expected: 63.5, actual:   62.5")
        XCTAssertTrue(harness.screen.contains("✗ home_click_amount_10m at 15s"), harness.screen)
        // A later project check keeps them: they come from the run, not the check.
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.count, 1)
    }
}

final class FeaturesPaneTests: XCTestCase {
    func testValuesShowWithASparklineOfTheirHistoryAndEnterOpensTheDefinition() throws {
        let harness = try WorkbenchHarness()
        for (second, count) in [1, 2, 4, 8].enumerated() {
            harness.workbench.receive(.values(ValuesResult(ts: Int64(second) * 1000, features: [
                .init(name: "home_clicks", value: String(count)), .init(name: "last_page", value: "\"home\"")])))
        }
        harness.keys(.alt("5"))
        let screen = harness.screen
        XCTAssertTrue(screen.contains(" home_clicks") && screen.contains("▁▂▄█ 8"), screen)
        XCTAssertTrue(screen.contains("\"home\""), screen)
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "features/clicks.yaml")
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor.line, 2)
    }
}

final class ActivityPanesTests: XCTestCase {
    func testEventsAndPatternsPanesShowWhatTheEngineInspected() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.receive(.inspected(InspectResult(
            recentEvents: [#"{"ts":1,"type":"page_enter","page":"home"}"#, #"{"ts":2,"type":"click","page":"home"}"#],
            tree: ["session s1", "  app shop", "    page home"],
            patterns: [.init(name: "cart_abandon", nfa: ["  s0 added (1 live)", "  s1 no_checkout (0 live)"], livePartialMatches: 1, matches: 3)])))
        harness.keys(.alt("6"))
        var screen = harness.screen
        XCTAssertTrue(screen.contains(#"{"ts":2,"type":"click","page":"home"}"#), screen)
        XCTAssertTrue(screen.contains("│   ▾ app shop"), screen)
        XCTAssertTrue(screen.contains("│       page home"), screen)
        harness.keys(.alt("7"))
        screen = harness.screen
        XCTAssertTrue(screen.contains("cart_abandon · 1 live · 3 matched"), screen)
        XCTAssertTrue(screen.contains("s0 added (1 live)"), screen)
    }
}
