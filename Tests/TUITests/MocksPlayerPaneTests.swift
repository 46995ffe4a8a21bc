import EngineProtocol
import Foundation
import TUI
import XCTest

/// The Mocks pane's player as a user drives it: Enter asks the engine to play (off the UI
/// thread), the answer replays on the playback timer, Space / → / ← / + / - and the palette.
final class MocksPlayerPaneTests: XCTestCase {
    static let scenarioFile = """
        kind: scenario
        name: coupon_happy_path
        start: 2026-11-21T10:00:00Z
        events:
          - {at: 0s, type: app_start}

        """

    /// A workbench on the fixture project with one scenario under mocks/, an engine, Mocks shown.
    static func harness(size: Size = Size(width: 120, height: 30)) throws -> WorkbenchHarness {
        let root = try FixtureProject.make()
        try FileManager.default.createDirectory(atPath: root + "/mocks", withIntermediateDirectories: true)
        try scenarioFile.write(toFile: root + "/mocks/coupon_happy_path.yaml", atomically: true, encoding: .utf8)
        let harness = try WorkbenchHarness(size: size, root: root)
        harness.environment.hasEngine = true
        harness.keys(.alt("4"))
        return harness
    }

    func testEnterPlaysOnTheEngineAndTheAnswerReplaysAtItsSpeed() throws {
        let h = try Self.harness()
        h.keys(.enter)
        XCTAssertEqual(h.environment.plays, ["coupon_happy_path"])
        XCTAssertTrue(h.screen.contains("Playing coupon_happy_path on the engine…"), h.screen)
        h.keys(.enter)  // one play at a time: the first may be held by a breakpoint
        XCTAssertEqual(h.environment.plays, ["coupon_happy_path"])
        XCTAssertEqual(h.workbench.status, "coupon_happy_path is playing on the engine.")
        h.environment.scheduled.removeAll()
        h.workbench.receive(.played(ScenarioPlayer(scenario: "coupon_happy_path", result: try ScenarioPlayerTests.recorded())))
        XCTAssertTrue(h.environment.scheduled.contains(.playback))
        XCTAssertTrue(h.screen.contains("▶ 10× · start"), h.screen)
        // 10× moves the clock 500 ms a tick: after 30 ticks it is at 15 s, the three verdicts of 15 s shown.
        for _ in 0..<30 { h.workbench.timerFired(.playback) }
        var screen = h.screen
        XCTAssertTrue(screen.contains("▶ 10× +15s · 10/12"), screen)
        XCTAssertTrue(screen.contains("coupon_happy_path: 3 of 10 decided · 3 ✓ 0 ✗"), screen)
        XCTAssertTrue(screen.contains("✓ home_click_amount_10m at 15s: got 62.5, expected 62.5"), screen)
        XCTAssertFalse(screen.contains("max_expensive_10s at 19s"), screen)
        // Space pauses: ticks no longer move it.
        h.type(" ")
        h.workbench.timerFired(.playback)
        XCTAssertTrue(h.screen.contains("⏸ 10× +15s · 10/12"), h.screen)
        // → steps one event (19 s: its verdict appears), ← steps back (15 s again: it goes).
        h.keys(.right)
        screen = h.screen
        XCTAssertTrue(screen.contains("⏸ 10× +19s · 11/12"), screen)
        XCTAssertTrue(screen.contains("✓ max_expensive_10s at 19s: got 99.0, expected 99.0"), screen)
        h.keys(.left)
        XCTAssertFalse(h.screen.contains("max_expensive_10s at 19s"), h.screen)
        XCTAssertTrue(h.screen.contains("⏸ 10× +15s · 10/12"), h.screen)
        // + to max, then play: one tick reaches the end with every verdict and record.
        h.type("++")
        XCTAssertEqual(h.workbench.status, "Playing at 1000×.")
        h.type("+ ")
        h.workbench.timerFired(.playback)
        screen = h.screen
        XCTAssertTrue(screen.contains("■ max +30s · end"), screen)
        XCTAssertTrue(screen.contains("coupon_happy_path: 10 passed, 0 failed"), screen)
        XCTAssertTrue(screen.contains("─ MOCKS ■ ─"), screen)
    }

    func testThePaletteRunsThePlayersCommandsAndTheirKeysAreShown() throws {
        let h = try Self.harness()
        h.workbench.run(.stepEvent)
        XCTAssertEqual(h.workbench.status, "Play a scenario first (Enter on it in Mocks).")
        h.workbench.run(.playSlower)  // the speed is chosen before playing too
        XCTAssertEqual(h.workbench.status, "Playing at 1×.")
        h.workbench.run(.playPause)  // nothing played yet: plays the selected scenario
        XCTAssertEqual(h.environment.plays, ["coupon_happy_path"])
        h.workbench.receive(.played(ScenarioPlayer(scenario: "coupon_happy_path", result: try ScenarioPlayerTests.recorded())))
        h.keys(.tab)  // away from the panel: the palette still reaches the player
        h.keys(.control("p"))
        h.type("step back")
        XCTAssertTrue(h.screen.contains("Mocks: step back one event"), h.screen)
        XCTAssertTrue(h.screen.contains("← (Mocks)"), h.screen)
        h.keys(.escape)
        h.workbench.run(.playPause)
        h.workbench.run(.stepEvent)
        h.workbench.run(.stepEvent)
        XCTAssertTrue(h.screen.contains("⏸ 1× +1s · 2/12"), h.screen)
        h.workbench.run(.stepBackEvent)
        XCTAssertTrue(h.screen.contains("⏸ 1× +0s · 1/12"), h.screen)
        h.workbench.run(.playSlower)
        XCTAssertTrue(h.screen.contains("⏸ 1× +0s"), h.screen)
        h.workbench.run(.playFaster)
        XCTAssertTrue(h.screen.contains("⏸ 10× +0s"), h.screen)
        h.keys(.alt("4"))
        let hints = h.screen.split(separator: "\n").dropLast().last.map(String.init) ?? ""
        XCTAssertTrue(hints.contains("Space play/pause") && hints.contains("→← step/back") && hints.contains("+- speed"), hints)
    }

    func testAPlayTheEngineRefusesIsSaidAndF7ShowsItsReportUntilTheNextPlay() throws {
        let h = try Self.harness()
        h.keys(.enter)
        h.workbench.receive(.playFailed(scenario: "coupon_happy_path", reason: "nothing is deployed; run `featide deploy` first"))
        XCTAssertEqual(h.workbench.status, "coupon_happy_path did not play: nothing is deployed; run `featide deploy` first")
        h.keys(.enter)
        h.workbench.receive(.played(ScenarioPlayer(scenario: "coupon_happy_path", result: try ScenarioPlayerTests.recorded())))
        h.keys(.function(7))
        XCTAssertEqual(h.environment.engineCommands, [["test"]])
        h.workbench.receive(.engineCommandFinished(command: "test", succeeded: true, output: ["scenario coupon_happy_path", "29 passed, 0 failed"]))
        XCTAssertTrue(h.screen.contains("29 passed, 0 failed"), h.screen)
        XCTAssertFalse(h.screen.contains("· 1/12"), h.screen)
        h.type(" ")  // back to the player, where it was
        XCTAssertTrue(h.screen.contains("▶ 10× · start"), h.screen)
    }

    /// A click on an event puts the cursor there (paused), the wheel steps; a double click
    /// on a scenario plays it.
    func testClicksOnTheTimelineMoveTheCursorAndADoubleClickPlays() throws {
        let h = try Self.harness()
        let panel = h.workbench.layout.problems
        h.workbench.handle(.mouse(MouseEvent(.doubleClick, at: Point(x: panel.x + 3, y: panel.y))))
        XCTAssertEqual(h.environment.plays, ["coupon_happy_path"])
        h.workbench.receive(.played(ScenarioPlayer(scenario: "coupon_happy_path", result: try ScenarioPlayerTests.recorded())))
        // The timeline's rows under its header: start, +0s, +1s, …
        let timelineX = panel.x + 30
        h.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: timelineX, y: panel.y + 3))))
        XCTAssertTrue(h.screen.contains("⏸ 10× +1s · 2/12"), h.screen)
        XCTAssertTrue(h.screen.contains("▸ +1s page_enter home"), h.screen)
        h.workbench.handle(.mouse(MouseEvent(.wheelDown, at: Point(x: timelineX, y: panel.y + 3))))
        XCTAssertTrue(h.screen.contains("⏸ 10× +2s · 3/12"), h.screen)
        h.workbench.handle(.mouse(MouseEvent(.wheelUp, at: Point(x: timelineX, y: panel.y + 3))))
        h.workbench.handle(.mouse(MouseEvent(.wheelUp, at: Point(x: timelineX, y: panel.y + 3))))
        XCTAssertTrue(h.screen.contains("⏸ 10× +0s · 1/12"), h.screen)
    }

    /// A play's records in the engine's log (tagged `"play":NAME`) name the scenario in the
    /// Logs pane, and a script's record still opens its line.
    func testAPlaysRecordsInTheLogsPaneNameTheScenarioAndKeepTheirScriptLine() throws {
        let h = try Self.harness()
        h.workbench.receive(.logs([
            LogLine(LogEntry(line: #"{"play":"coupon_happy_path","record":"log","ts":1795255220000,"level":"info","source":"script:scripts/score.py:3","message":"offering coupon","fields":{"coupon":"C5"}}"#,
                             ts: 1_795_255_220_000, level: "info")),
            LogLine(LogEntry(line: #"{"play":"coupon_happy_path","record":"decision","decision":"coupon_popup","ts":1795255220000,"action":"popup","payload":{"show":true},"variant":null,"fallback":false}"#,
                             ts: 1_795_255_220_000, level: "info")),
        ], replacing: false))
        h.keys(.alt("2"))
        let screen = h.screen
        XCTAssertTrue(screen.contains("10:00:20.000 INFO  play:coupon_happy_path script:scripts/score.py:3  offering coupon"), screen)
        XCTAssertTrue(screen.contains(#"play:coupon_happy_path decision  {"action":"popup","decision":"coupon_popup","fallback":false,"#), screen)
        h.keys(.up, .enter)
        XCTAssertEqual(h.workbench.activeTab?.document.path, "scripts/score.py")
        XCTAssertEqual(h.workbench.activeTab?.document.cursor.line, 2)
    }
}
