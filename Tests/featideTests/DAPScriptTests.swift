import Debugger
import EngineProtocol
import Foundation
import Testing

/// Script debugging through the debug adapter: a real engine, a DAP client over TCP, the
/// shopping project's coupon script stopped inside a played scenario.
@Suite struct DAPScriptTests {
    @Test func aBreakpointInCouponPyStopsWithTheFeaturesItReadsAndSteps() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let client = try engine.attachedClient()
        let script = engine.root + "/scripts/coupon.py"
        // Line 8 reads a feature; line 10 is a comment: that breakpoint moves to line 11.
        let set = try client.request("setBreakpoints", ["source": ["path": script], "breakpoints": [["line": 8], ["line": 10]]])
        let answers = set.body["breakpoints"] as? [[String: Any]] ?? []
        #expect(answers.count == 2)
        #expect(try client.request("setExceptionBreakpoints", ["filters": ["uncaught"]]).success)
        #expect(try client.request("configurationDone").success)

        let address = engine.engine.address
        let play = Background { try FeatideBinary.run(["play", "coupon_happy_path", "--engine", address]) }
        let stopped = try client.waitForEvent("stopped")
        #expect(stopped.body["reason"] as? String == "breakpoint")
        let thread = try #require(stopped.body["threadId"] as? Int)
        let frames = try client.stackFrames(thread: thread)
        let top = try #require(frames.first)
        #expect(top["name"] as? String == "decide")
        #expect(top["line"] as? Int == 8)
        #expect((top["source"] as? [String: Any])?["path"] as? String == script, "the client's own path comes back")
        // Below the script: the decision and the event it runs in.
        #expect(frames.dropFirst().contains { ($0["name"] as? String)?.hasPrefix("decision coupon_popup") == true }, "\(frames)")

        let frameID = try #require(top["id"] as? Int)
        let scopes = try client.request("scopes", ["frameId": frameID]).body["scopes"] as? [[String: Any]] ?? []
        #expect(scopes.compactMap { $0["name"] as? String }.prefix(3) == ["Locals", "Globals", "ctx"])
        let ctx = try #require(scopes.first { $0["name"] as? String == "ctx" }?["variablesReference"] as? Int)
        let ctxFields = try client.request("variables", ["variablesReference": ctx]).body["variables"] as? [[String: Any]] ?? []
        let features = try #require(ctxFields.first { $0["name"] as? String == "features" }?["variablesReference"] as? Int)
        let values = try client.request("variables", ["variablesReference": features]).body["variables"] as? [[String: Any]] ?? []
        let amount = try #require(values.first { ($0["name"] as? String)?.contains("home_click_amount_10m") == true }?["value"] as? String)
        // The script sees the value the engine computed: the event-level frame shows it too.
        let eventFrame = try #require(frames.first { ($0["name"] as? String)?.contains("(applying)") == true }?["id"] as? Int)
        let eventScopes = try client.request("scopes", ["frameId": eventFrame]).body["scopes"] as? [[String: Any]] ?? []
        let featuresScope = try #require(eventScopes.first { $0["name"] as? String == "Features" }?["variablesReference"] as? Int)
        let engineValues = try client.request("variables", ["variablesReference": featuresScope]).body["variables"] as? [[String: Any]] ?? []
        #expect(engineValues.first { $0["name"] as? String == "home_click_amount_10m" }?["value"] as? String == amount)

        // next runs line 8: `spent` now holds that amount.
        #expect(try client.request("next", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "step")
        let afterStep = try client.stackFrames(thread: thread)
        #expect(afterStep.first?["line"] as? Int == 9)
        let stepped = try #require(afterStep.first?["id"] as? Int)
        #expect(try client.request("evaluate", ["expression": "spent", "frameId": stepped]).body["result"] as? String == amount)
        // The sandbox holds under the debugger.
        #expect(try client.request("evaluate", ["expression": "__import__('os').getcwd()", "frameId": stepped]).success == false)

        // continue: the moved breakpoint, at line 11.
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "breakpoint")
        let moved = try client.stackFrames(thread: thread)
        #expect(moved.first?["line"] as? Int == 11)

        _ = try client.request("setBreakpoints", ["source": ["path": script], "breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)
        let played = try play.value()
        #expect(played.stdout.hasSuffix("10 passed, 0 failed\n"), "\(played.stdout)\(played.stderr)")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }
}

extension DAPScriptTests {
    /// A coupon script that raises on purpose: a caught error, then a division by zero.
    static let failingCoupon = """
        \"\"\"Test copy: raises on purpose.\"\"\"


        def decide(ctx):
            level = ctx.features["user_level"] or 0
            try:
                int("not a number")
            except ValueError:
                level = level + 1
            return {"show": True, "coupon": "C5", "ratio": 1 // (level - level)}

        """

    /// Hit counts on an event breakpoint, a condition that never holds, a logpoint's output,
    /// and an uncaught exception stopping where it happened.
    @Test func hitCountsConditionsLogpointsAndExceptionStops() throws {
        let engine = try EngineUnderDebug(copying: "shopping", extra: ["scripts/coupon.py": Self.failingCoupon])
        defer { engine.remove() }
        let client = try engine.attachedClient()
        let set = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click", "hitCondition": "%3"]]])
        #expect((set.body["breakpoints"] as? [[String: Any]])?.first?["verified"] as? Bool == true)
        let refused = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click", "hitCondition": "often"]]])
        #expect((refused.body["breakpoints"] as? [[String: Any]])?.first?["verified"] as? Bool == false)
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click", "hitCondition": "%3"]]])
        let script = engine.root + "/scripts/coupon.py"
        _ = try client.request("setBreakpoints", ["source": ["path": script], "breakpoints": [
            ["line": 9, "condition": "level > 100"], ["line": 10, "logMessage": "level is {level}"]]])
        #expect(try client.request("setExceptionBreakpoints", ["filters": ["uncaught"]]).success)
        #expect(try client.request("configurationDone").success)

        let address = engine.engine.address
        let play = Background { try FeatideBinary.run(["play", "coupon_happy_path", "--engine", address]) }
        // Clicks at 2, 3, 4, 5, 6, 11, 15 and 19 s: every third stops.
        var stopped = try client.waitForEvent("stopped")
        var thread = try #require(stopped.body["threadId"] as? Int)
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:04.000Z (about to apply)")
        #expect(try client.request("continue", ["threadId": thread]).success)
        stopped = try client.waitForEvent("stopped")
        thread = try #require(stopped.body["threadId"] as? Int)
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:11.000Z (about to apply)")
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)

        // Line 9's condition never holds; line 10 logs; the division then fails uncaught.
        stopped = try client.waitForEvent("stopped")
        #expect(stopped.body["reason"] as? String == "exception")
        #expect((stopped.body["description"] as? String)?.contains("ZeroDivisionError") == true, "\(stopped.body)")
        let frames = try client.stackFrames(thread: thread)
        #expect(frames.first?["line"] as? Int == 10)
        let logged = client.queuedEvents.filter { $0.event == "output" }.compactMap { $0.body["output"] as? String }
        #expect(logged.contains("level is 4\n"), "\(logged)")
        #expect(try client.request("continue", ["threadId": thread]).success)
        let played = try play.value()
        #expect(played.status == 1, "the decision fell back: its expectation fails")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }
}

extension DAPScriptTests {
    /// The adapter also listens on a unix socket beside the engine's (what the IDE uses),
    /// with the same token rule.
    @Test func theAdapterAnswersOnTheEnginesUnixSocketToo() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let status = try engine.engine.client().call(.status, Empty(), as: StatusResult.self)
        let socket = try #require(status.debugAdapterSocket)
        #expect(socket == "unix:" + engine.engine.state + "/dap.sock")
        let client = try DAPClient(address: EngineAddress(parsing: socket))
        #expect(try client.request("initialize", ["adapterID": "test"]).success)
        #expect(try client.request("threads").success == false, "nothing before attach")
        #expect(try client.request("attach", ["token": engine.engine.token]).success)
        let threads = try client.request("threads").body["threads"] as? [[String: Any]] ?? []
        #expect(threads.contains { $0["name"] as? String == "engine" })
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }
}
