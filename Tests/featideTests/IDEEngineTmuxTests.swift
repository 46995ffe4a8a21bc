import EngineProtocol
import Foundation
import XCTest

/// The IDE with its project's engine, end to end in tmux: the engine starts by itself, F6
/// deploys, the Deploys and Logs panes show it, and the IDE follows the engine through a crash.
final class IDEEngineTmuxTests: ShoppingTmuxTestCase {
    /// Opens the IDE on the project (its engine starts by itself) and deploys with F6.
    private func openAndDeploy() throws {
        try session.start("exec '\(FeatideBinary.url.path)' '\(project.root)'")
        session.waitFor("engine: nothing deployed")
        try session.press("F6", until: "Deploy to the engine?")
        try session.type("y")
        session.waitFor("DEPLOYS v1")
    }

    func testDeployFromTheIDEThenFollowTheEngineThroughACrash() throws {
        try openAndDeploy()
        let deploys = session.waitFor("● version 1")
        XCTAssertTrue(deploys.contains("passed"), "the gate's results are listed: \(deploys)")
        try session.press("M-2", until: "deploy  {\"hash\"")
        // Mocks: play one scenario on the engine, then run them all.
        try session.press("M-4", until: "▶ coupon_happy_path")
        try session.press("Down", "Down", "Enter")
        session.waitFor("10 passed, 0 failed")
        try session.press("F7", until: "Running every scenario")
        session.waitFor("29 passed, 0 failed")
        // Features: the live values, each second.
        try session.press("M-5", until: " home_click_count_10m")

        // kill -9 of the engine: its supervisor restarts it, and the IDE follows it there.
        let state = project.root + "/.featide/engine"
        let client = try EngineClient(address: .unix(state + "/engine.sock"))
        try client.authenticate(tokenFile: state + "/token")
        let pid = try client.call(.status, Empty(), as: StatusResult.self).pid
        kill(pid, SIGKILL)
        var restarted: EngineClient?
        for _ in 0..<400 where restarted == nil {
            if let again = try? EngineClient(address: .unix(state + "/engine.sock")),
               (try? again.authenticate(tokenFile: state + "/token")) != nil,
               let status = try? again.call(.status, Empty(), as: StatusResult.self), status.pid != pid { restarted = again }
            usleep(25_000)
        }
        // Events sent to the new engine show in the IDE: it reconnected.
        let events = (0..<3).map { #"{"ts":\#(1_800_000_000_000 + $0 * 1000),"type":"click","params":{"item":"sku1","price":20.0,"category":"shoes"}}"# }
        _ = try XCTUnwrap(restarted).call(.send, SendParams(events: events), as: SendResult.self)
        let after = session.waitFor("engine: v1 · 3 events")
        // Events: the clicks just applied; Patterns: every pattern with its NFA.
        try session.press("M-6", until: "\"type\":\"click\"")
        try session.press("M-7", until: "cart_abandon · ")
        try session.press("M-3", until: "● version 1")
        XCTAssertTrue(session.waitFor("● version 1").contains("● version 1"), after)
    }

    /// The issue's walk-through of the Mocks pane: coupon_happy_path played at 1×, paused,
    /// stepped one event on and back (the verdict of 19 s appears and goes), to the end with
    /// every verdict; then its decision and the script's log line are in the Logs pane.
    func testPlayCouponHappyPathStepAndPauseThenSeeItsDecisionInLogs() throws {
        try openAndDeploy()
        try session.press("M-4", until: "▶ coupon_happy_path")
        try session.press("Down", "Down")
        try session.type("-")
        session.waitFor("Playing at 1×.")
        try session.press("Enter")
        session.waitFor("▶ 1× ")
        // Paused, the clock holds: the header reads the same a second later.
        let paused = try session.press("Space", until: "⏸ 1× ").split(separator: "\n").first { $0.contains("⏸ 1× ") }
        usleep(1_000_000)
        XCTAssertEqual(session.settle().split(separator: "\n").first { $0.contains("⏸ 1× ") }, paused)
        // Home, then → eleven times: the click of 19 s, its verdict and those of 15 s shown.
        try session.press("Home", until: "⏸ 1× · start")
        for _ in 0..<11 { try session.press("Right") }
        var screen = session.waitFor("⏸ 1× +19s · 11/12")
        XCTAssertTrue(screen.contains("✓ home_click_amount_10m at 15s: got 62.5, expected 62.5"), screen)
        XCTAssertTrue(screen.contains("✓ max_expensive_10s at 19s: got 99.0, expected 99.0"), screen)
        XCTAssertTrue(screen.contains("coupon_happy_path: 4 of 10 decided · 4 ✓ 0 ✗"), screen)
        XCTAssertFalse(screen.contains("decision coupon_popup"), screen)
        // ← one event back: 15 s, the verdict of 19 s is not decided yet.
        screen = try session.press("Left", until: "⏸ 1× +15s · 10/12")
        XCTAssertFalse(screen.contains("max_expensive_10s at 19s"), screen)
        XCTAssertTrue(screen.contains("3 of 10 decided"), screen)
        // → to 20 s: the popup decision and the script's log line appear; End: every verdict.
        try session.press("Right", "Right")
        screen = session.waitFor("⏸ 1× +20s · 12/12")
        XCTAssertTrue(screen.contains("+20s decision  {\"action\":\"popup\",\"decision\":\"coupon_popup\""), screen)
        screen = try session.press("End", until: "coupon_happy_path: 10 passed, 0 failed")
        XCTAssertTrue(screen.contains("✓ decision coupon_popup fires at 20s"), screen)
        // Logs: the play's records under its name, the script's line among them.
        screen = try session.press("M-2", until: "play:coupon_happy_path decision")
        XCTAssertTrue(screen.contains("play:coupon_happy_path script:scripts/coupon.py:13  offering coupon"), screen)
        XCTAssertTrue(screen.contains(#"play  {"failed":0,"logged":6,"passed":10,"scenario":"coupon_happy_path","version":1}"#), screen)
    }

    /// The issue's walk-through: a breakpoint in coupon.py (F9), a played scenario stops
    /// there, the line is marked and the stack and ctx show, F10 steps, F5 continues.
    func testABreakpointInCouponPyStopsAPlayedScenario() throws {
        try openAndDeploy()
        try session.press("C-p")
        try session.type("coupon.py")
        try session.press("Enter")
        session.waitFor("│ coupon.py")
        try session.press("C-g")
        try session.type("8")
        try session.press("Enter")
        try session.press("F9", until: "Breakpoint at scripts/coupon.py:8.")
        try session.press("M-4", until: "▶ coupon_happy_path")
        try session.press("Down", "Down", "Enter")
        let stopped = session.waitFor("decide (coupon.py:8)")
        XCTAssertTrue(stopped.contains("▶  8"), "the stopped line is marked: \(stopped)")
        XCTAssertTrue(stopped.contains("Stopped: breakpoint"), stopped)
        session.waitFor("ctx = ")
        try session.press("F10", until: "decide (coupon.py:9)")
        session.waitFor("spent = 62.5")
        // An expression in the stopped frame, under the engine's sandbox (the Debug pane's e).
        try session.press("M-8", until: "Stopped: ")
        try session.type("e")
        session.waitFor("Evaluate in the stopped frame:")
        try session.type("spent * 2")
        try session.press("Enter")
        session.waitFor("⟩ spent * 2 = 125.0")
        try session.press("F5", until: "Not stopped.")
        try session.press("M-4", until: "10 passed, 0 failed")
    }

    /// Watch a feature change in Features: `w` pins it, events sent to the engine change it
    /// and the pane shows each change with the event that made it; `b` then breaks when an
    /// event changes it, the engine stops there (Debug pane) and F5 lets it go on.
    func testWatchAFeatureChangeInFeaturesThenBreakWhenItChanges() throws {
        try openAndDeploy()
        try session.press("M-5", until: " home_click_amount_10m")
        // Down until it is the selected one (the detail beside the list names it).
        for _ in 0..<20 where !session.settle().contains("│ home_click_amount_10m ←") { try session.press("Down") }
        let lineage = session.waitFor("│ home_click_amount_10m ←")
        XCTAssertTrue(lineage.contains("read by decision coupon_popup"), "lineage: the decision that reads it: \(lineage)")
        try session.press("w", until: "Watching home_click_amount_10m")
        XCTAssertTrue(session.screen.contains("★  home_click_amount_10m"), "pinned at the top: \(session.screen)")

        let state = project.root + "/.featide/engine"
        @Sendable func send(_ events: [String]) throws {
            let client = try EngineClient(address: .unix(state + "/engine.sock"))
            try client.authenticate(tokenFile: state + "/token")
            _ = try client.call(.send, SendParams(events: events), as: SendResult.self)
        }
        let t0: Int64 = 1_800_000_000_000
        @Sendable func click(_ second: Int64, _ price: Double) -> String {
            #"{"ts":\#(t0 + second * 1000),"type":"click","params":{"item":"sku1","price":\#(price),"category":"shoes"}}"#
        }
        try send([#"{"ts":\#(t0),"type":"app_start"}"#, #"{"ts":\#(t0 + 1000),"type":"page_enter","page":"home"}"#, click(2, 20), click(3, 30)])
        // Applied once allowed_lateness has passed; each change is listed with its event.
        let changed = session.waitFor("08:00:03.000  20.0 → 50.0")
        XCTAssertTrue(changed.contains("08:00:02.000  0 → 20.0"), changed)
        XCTAssertTrue(changed.contains(#"by click {"item":"sku1","price":30.0,"#), changed)
        XCTAssertTrue(changed.contains("↻ 08:00:03 click"), "the list's last change: \(changed)")

        // b: a data breakpoint on it; the next click stops the engine (the send waits meanwhile).
        try session.press("b", until: "Breakpoint when an event changes home_click_amount_10m.")
        let sent = DispatchSemaphore(value: 0)
        let later = [click(10, 40), click(13, 5)]
        DispatchQueue.global().async {
            try? send(later)
            sent.signal()
        }
        let stopped = session.waitFor("Stopped: data breakpoint")
        XCTAssertTrue(stopped.contains("home_click_amount_10m: 50.0 → 90.0"), stopped)
        try session.press("F5", until: "Not stopped.")
        XCTAssertEqual(sent.wait(timeout: .now() + 120), .success, "the engine went on after F5")
        try session.press("M-5", until: "home_click_amount_10m")
        session.waitFor("08:00:10.000  50.0 → 90.0")
    }

    /// A gate that fails refuses the deploy from the IDE: the reason shows, nothing is asked.
    func testAFailingGateRefusesTheDeployFromTheIDE() throws {
        let scenario = project.root + "/mocks/coupon_happy_path.yaml"
        let text = try String(contentsOfFile: scenario, encoding: .utf8)
        try text.replacingOccurrences(of: "equals: 62.5}", with: "equals: 63.5}").write(toFile: scenario, atomically: true, encoding: .utf8)
        try session.start("exec '\(FeatideBinary.url.path)' '\(project.root)'")
        session.waitFor("engine: nothing deployed")
        let screen = try session.press("F6", until: "Deploy refused: the gate failed")
        XCTAssertFalse(screen.contains("Deploy to the engine?"), screen)
        XCTAssertTrue(screen.contains("engine: nothing deployed"), screen)
    }
}
