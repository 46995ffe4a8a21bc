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
        let frames = try client.request("stackTrace", ["threadId": thread]).body["stackFrames"] as? [[String: Any]] ?? []
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
        let afterStep = try client.request("stackTrace", ["threadId": thread]).body["stackFrames"] as? [[String: Any]] ?? []
        #expect(afterStep.first?["line"] as? Int == 9)
        let stepped = try #require(afterStep.first?["id"] as? Int)
        #expect(try client.request("evaluate", ["expression": "spent", "frameId": stepped]).body["result"] as? String == amount)
        // The sandbox holds under the debugger.
        #expect(try client.request("evaluate", ["expression": "__import__('os').getcwd()", "frameId": stepped]).success == false)

        // continue: the moved breakpoint, at line 11.
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "breakpoint")
        let moved = try client.request("stackTrace", ["threadId": thread]).body["stackFrames"] as? [[String: Any]] ?? []
        #expect(moved.first?["line"] as? Int == 11)

        _ = try client.request("setBreakpoints", ["source": ["path": script], "breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)
        let played = try play.value()
        #expect(played.stdout.hasSuffix("10 passed, 0 failed\n"), "\(played.stdout)\(played.stderr)")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }
}
