import Debugger
import EngineProtocol
import Foundation
import Testing

/// The debug adapter end to end: a real engine process with `--dap`, a DAP client over TCP,
/// every message it receives checked against the DAP schema.
@Suite struct DAPTests {
    /// initialize, attach, a conditional event breakpoint, a played scenario stopping in it,
    /// threads, stackTrace, scopes, variables, next (one event each), a decision breakpoint,
    /// evaluate, continue, disconnect.
    @Test func aWholeSessionStopsInAPlayedScenario() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let client = try DAPClient(address: engine.dapAddress())
        let initialize = try client.request("initialize", ["adapterID": "test", "linesStartAt1": true])
        #expect(initialize.body["supportsFunctionBreakpoints"] as? Bool == true)
        #expect(initialize.body["supportsDataBreakpoints"] as? Bool == true)
        #expect(initialize.body["supportsStepBack"] as? Bool == true)
        #expect(initialize.body["supportsHitConditionalBreakpoints"] as? Bool == true)
        #expect(try client.request("attach", ["token": engine.engine.token]).success)
        _ = try client.waitForEvent("initialized")
        let set = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click", "condition": "params.price > 50"]]])
        #expect((set.body["breakpoints"] as? [[String: Any]])?.first?["verified"] as? Bool == true)
        #expect(try client.request("configurationDone").success)

        let address = engine.engine.address
        let play = Background { try FeatideBinary.run(["play", "coupon_happy_path", "--engine", address]) }
        let stopped = try client.waitForEvent("stopped")
        #expect(stopped.body["reason"] as? String == "function breakpoint")
        let thread = try #require(stopped.body["threadId"] as? Int)
        let threads = try client.request("threads").body["threads"] as? [[String: Any]] ?? []
        #expect(threads.contains { $0["id"] as? Int == thread && $0["name"] as? String == "scenario coupon_happy_path" })
        #expect(threads.contains { $0["id"] as? Int == 1 && $0["name"] as? String == "engine" })
        // The first click over 50 (at 11 s), about to be applied.
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:11.000Z (about to apply)")
        let top = try #require(try client.stackFrames(thread: thread).first?["id"] as? Int)
        let scopes = (try client.request("scopes", ["frameId": top]).body["scopes"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(scopes == ["Event", "Changed by this event", "Features", "Features before this event", "Patterns", "Behaviour tree"])
        let event = try client.scope("Event", thread: thread)
        #expect(event["type"]?["value"] as? String == "\"click\"")
        let params = try #require(event["params"]?["variablesReference"] as? Int)
        let price = (try client.request("variables", ["variablesReference": params]).body["variables"] as? [[String: Any]] ?? [])
            .first { $0["name"] as? String == "price" }
        #expect(price?["value"] as? String == "99.0")
        #expect(try client.scope("Features", thread: thread)["home_click_count_10m"]?["value"] as? String == "5")
        let tree = try client.scope("Behaviour tree", thread: thread)
        #expect(tree["page"]?["value"] as? String == "\"product\" (node 14)", "\(tree)")
        let patterns = try client.scope("Patterns", thread: thread)
        #expect(patterns["hesitated_on_product"]?["value"] as? String == "1 partial match")

        // next applies exactly this event and stops after it, showing what it changed.
        #expect(try client.request("next", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "step")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:11.000Z (applied)")
        #expect(try client.scope("Changed by this event", thread: thread)["max_expensive_10s"]?["value"] as? String == "null → 99.0")
        // The next event is a click over 50 too: its breakpoint comes before the step's end.
        #expect(try client.request("next", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "function breakpoint")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:15.000Z (about to apply)")

        // A decision breakpoint: stopped before the script, the pattern's completing event below.
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "decision:coupon_popup"]]])
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["description"] as? String == "decision:coupon_popup")
        let names = (try client.stackFrames(thread: thread)).compactMap { $0["name"] as? String }
        #expect(names == ["decision coupon_popup: before its script", "page_enter at 2026-11-21T10:00:20.000Z (applying)", "scenario coupon_happy_path"])
        #expect(try client.request("evaluate", ["expression": "home_click_count_10m"]).body["result"] as? String == "5")
        #expect(try client.request("evaluate", ["expression": "page + \"!\""]).body["result"] as? String == "\"home!\"")
        #expect(try client.request("evaluate", ["expression": "params.nope"]).success == false)

        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)
        let played = try play.value()
        #expect(played.stdout.hasSuffix("10 passed, 0 failed\n"), "\(played.stdout)\(played.stderr)")
        _ = try client.waitForEvent("thread")  // started
        #expect(try client.waitForEvent("thread").body["reason"] as? String == "exited")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }

    /// Step back and reverse-continue in a played scenario show earlier events with exactly
    /// the values they had; continuing walks forward to where the engine stopped, then on.
    @Test func stepBackShowsEarlierEventsAsTheyWere() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let client = try engine.attachedClient()
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click", "condition": "params.price > 50"]]])
        #expect(try client.request("configurationDone").success)
        let address = engine.engine.address
        let play = Background { try FeatideBinary.run(["play", "coupon_happy_path", "--engine", address]) }
        let thread = try #require(try client.waitForEvent("stopped").body["threadId"] as? Int)
        func features() throws -> [String: String] { try client.scope("Features", thread: thread).mapValues { $0["value"] as? String ?? "" } }
        #expect(try client.request("next", ["threadId": thread]).success)
        _ = try client.waitForEvent("stopped")
        let after11 = try features()
        let changed11 = try client.scope("Changed by this event", thread: thread).mapValues { $0["value"] as? String ?? "" }
        #expect(try client.request("continue", ["threadId": thread]).success)
        _ = try client.waitForEvent("stopped")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:15.000Z (about to apply)")

        #expect(try client.request("stepBack", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["reason"] as? String == "step")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:11.000Z (applied)")
        #expect(try features() == after11)
        #expect(try client.scope("Changed by this event", thread: thread).mapValues { $0["value"] as? String ?? "" } == changed11)
        #expect(try client.request("evaluate", ["expression": "max_expensive_10s"]).body["result"] as? String == "99.0")
        #expect(try client.request("stepBack", ["threadId": thread]).success)
        _ = try client.waitForEvent("stopped")
        #expect(try client.topFrame(thread: thread) == "page_enter at 2026-11-21T10:00:07.000Z (applied)")
        // No click over 50 before: back to the oldest event recorded.
        #expect(try client.request("reverseContinue", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["description"] as? String == "the oldest recorded event")
        #expect(try client.topFrame(thread: thread) == "app_start at 2026-11-21T10:00:00.000Z (applied)")
        #expect(try client.request("next", ["threadId": thread]).success)
        _ = try client.waitForEvent("stopped")
        #expect(try client.topFrame(thread: thread) == "page_enter at 2026-11-21T10:00:01.000Z (applied)")
        // Forward through the recording: the breakpoint is met at 11 s again, as it was.
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try client.waitForEvent("stopped").body["description"] as? String == "recorded")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:11.000Z (applied)")
        #expect(try features() == after11)
        // Past the recording, the engine goes on from where it stopped: the next click over 50.
        #expect(try client.request("continue", ["threadId": thread]).success)
        _ = try client.waitForEvent("stopped")
        #expect(try client.topFrame(thread: thread) == "click at 2026-11-21T10:00:19.000Z (about to apply)")
        #expect(try client.request("stepBack", ["threadId": 1]).success == false)

        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try play.value().stdout.hasSuffix("10 passed, 0 failed\n"))
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }

    /// Nothing but initialize before an attach with the engine's token; malformed messages
    /// get an error and the adapter goes on serving.
    @Test func attachNeedsTheTokenAndMalformedMessagesAreRefused() throws {
        let engine = try EngineUnderDebug()
        defer { engine.remove() }
        let client = try DAPClient(address: engine.dapAddress())
        #expect(try client.request("initialize", ["adapterID": "test"]).success)
        let early = try client.request("threads")
        #expect(!early.success)
        #expect(early.message?.contains("not attached") == true)
        #expect(try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click"]]]).success == false)
        let missing = try client.request("attach", [:])
        #expect(!missing.success)
        #expect(missing.message?.contains("needs the engine's token") == true)
        let wrong = try client.request("attach", ["token": String(repeating: "0", count: 64)])
        #expect(!wrong.success)
        #expect(wrong.message?.contains("wrong token") == true)
        #expect(try client.request("attach", ["token": engine.engine.token]).success)
        #expect(try client.request("threads").success)

        // A body that is not JSON: an error, and the connection stays usable.
        try client.write(Data("Content-Length: 9\r\n\r\nnot json!".utf8))
        #expect(try client.waitForEvent("output").body["category"] as? String == "important")
        #expect(try client.request("threads").success)
        // Only one client debugs at a time.
        let second = try DAPClient(address: engine.dapAddress())
        #expect(try second.request("attach", ["token": engine.engine.token]).message?.contains("another client") == true)
        // A frame that cannot be read: an error, that connection closes, the adapter lives on.
        try second.write(Data("Content-Length: many\r\n\r\n".utf8))
        #expect(try second.waitForEvent("output").body["output"] as? String ?? "" != "")
        #expect(throws: (any Error).self) { try second.next() }
        #expect(try DAPClient(address: engine.dapAddress()).request("initialize", ["adapterID": "test"]).success)
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
        expectSchemaValid(second)
    }

    /// A data breakpoint on a windowed count stops at the event that changed it, with the
    /// values before and after, in the live engine's pipeline.
    @Test func aDataBreakpointStopsAtTheEventThatChangedACount() throws {
        let big = "kind: feature\nname: big_clicks\non: click\nwhere: params.price > 10\nagg: count\nwindow: {sliding: 10m}\n"
        let engine = try EngineUnderDebug(extra: ["features/big.yaml": big])
        defer { engine.remove() }
        let client = try engine.attachedClient()
        let info = try client.request("dataBreakpointInfo", ["name": "big_clicks"])
        #expect(info.body["dataId"] as? String == "big_clicks")
        #expect(try client.request("dataBreakpointInfo", ["name": "spend_by_item[\"sku3\"]"]).body["dataId"] as? String == "spend_by_item[\"sku3\"]")
        #expect(try client.request("dataBreakpointInfo", ["name": "clickz"]).body["dataId"] is NSNull)
        let set = try client.request("setDataBreakpoints", ["breakpoints": [["dataId": "big_clicks"]]])
        #expect((set.body["breakpoints"] as? [[String: Any]])?.first?["verified"] as? Bool == true)
        #expect(try client.request("configurationDone").success)

        let t0: Int64 = 1_750_000_000_000
        let events = [1, 5, 12, 3].enumerated().map { i, price in #"{"ts":\#(t0 + Int64(i)),"type":"click","params":{"item":"a","price":\#(price)}}"# }
        let sender = try engine.engine.client()
        let send = Background { try sender.call(.send, SendParams(events: events), as: SendResult.self) }
        let stopped = try client.waitForEvent("stopped")
        #expect(stopped.body["reason"] as? String == "data breakpoint")
        #expect(stopped.body["description"] as? String == "big_clicks: 0 → 1")
        #expect(stopped.body["threadId"] as? Int == 1)
        #expect(try client.topFrame(thread: 1) == "click at 2025-06-15T15:06:40.002Z (features updated)")
        #expect(try client.scope("Changed by this event", thread: 1)["big_clicks"]?["value"] as? String == "0 → 1")
        #expect(try client.scope("Features before this event", thread: 1)["clicks"]?["value"] as? String == "2")
        #expect(try client.scope("Features", thread: 1)["clicks"]?["value"] as? String == "3")
        #expect(try client.request("continue", ["threadId": 1]).success)
        #expect(try send.value().accepted == 4)
        #expect(try engine.engine.cli(["query", "big_clicks"]).stdout == "1\n")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }

    /// While the engine is stopped, events from other clients wait; after continue every one
    /// of them is applied.
    @Test func eventsSentWhileStoppedAreAllCountedAfterContinue() throws {
        let engine = try EngineUnderDebug()
        defer { engine.remove() }
        let client = try engine.attachedClient()
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click"]]])
        // Same time for every event: whatever order the batches arrive in, none is late.
        let click = #"{"ts":1750000000000,"type":"click","params":{"item":"a","price":1}}"#
        let senders = try (0..<4).map { _ in try engine.engine.client() }
        let first = Background { try senders[0].call(.send, SendParams(events: [click]), as: SendResult.self) }
        let stopped = try client.waitForEvent("stopped")
        let thread = try #require(stopped.body["threadId"] as? Int)
        // Posted while stopped: they wait in line (the engine reads nothing meanwhile).
        let ids = try senders[1...].map { try $0.post(.send, SendParams(events: Array(repeating: click, count: 50))) }
        #expect(try client.topFrame(thread: thread) == "click at 2025-06-15T15:06:40.000Z (about to apply)")
        // Longer than the idle second after which the live clock moves the engine on: the clock
        // stands still while stopped, so the waiting events are not made late.
        usleep(1_500_000)
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [[String: Any]]()])
        #expect(try client.request("continue", ["threadId": thread]).success)
        #expect(try first.value().accepted == 1)
        for (sender, id) in zip(senders[1...], ids) {
            let result = try sender.receive(id, of: .send, as: SendResult.self)
            #expect(result.accepted == 50, "\(result.late) late, \(result.rejected) rejected \(result.errors)")
        }
        #expect(try engine.engine.cli(["query", "clicks"]).stdout == "151\n")
        #expect(try client.request("disconnect").success)
        expectSchemaValid(client)
    }

    /// A client that vanishes while the engine is stopped lets it go on, its breakpoints gone,
    /// and another client may attach.
    @Test func aVanishedClientLetsTheEngineGoOn() throws {
        let engine = try EngineUnderDebug()
        defer { engine.remove() }
        #expect(try engine.engine.cli(["status"]).stdout.contains("debug adapter (DAP): 127.0.0.1:"))
        let client = try engine.attachedClient()
        _ = try client.request("setFunctionBreakpoints", ["breakpoints": [["name": "event:click"]]])
        let sender = try engine.engine.client()
        let send = Background { try sender.call(.send, SendParams(events: EngineTestProject.clicks(0..<3)), as: SendResult.self) }
        _ = try client.waitForEvent("stopped")
        client.close()
        #expect(try send.value().accepted == 3)
        // Its breakpoints went with it: the next client attaches and nothing stops. (Five minutes
        // later, so the live clock, moving on while the test runs, never makes them late.)
        let next = try engine.attachedClient()
        let sent = try engine.engine.cli(["send", "-"], input: EngineTestProject.clicks(300_000..<300_002).joined(separator: "\n"))
        #expect(sent.stdout == "2 accepted, 0 late, 0 rejected\n", "\(sent.stderr)")
        let clicks = try engine.engine.cli(["query", "clicks"])
        #expect(clicks.stdout == "5\n", "\(clicks.stderr)")
        #expect(next.queuedEvents.allSatisfy { $0.event != "stopped" })
        #expect(try next.request("disconnect").success)
    }

    /// `featide debug`: the line-mode debugger steps through a shopping scenario.
    @Test func theLineModeDebuggerStepsThroughAScenario() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let commands = ["b event:click if params.price > 50", "c", "p home_click_count_10m", "p params.price", "bt", "n",
                        "changes", "back", "p max_expensive_10s", "n", "w pages_this_session", "c", "b pattern:nope", "q"]
        let run = try engine.engine.cli(["debug", engine.root, "--scenario", "coupon_happy_path"], input: commands.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "(featide-debug) ").flatMap { $0.split(separator: "\n").map(String.init) }
        #expect(lines == [
            "stopped (entry) at app_start at 2026-11-21T10:00:00.000Z (about to apply)",
            "breakpoint 1: event:click if params.price > 50",
            "stopped (function breakpoint: event:click) at click at 2026-11-21T10:00:11.000Z (about to apply)",
            "5",
            "99.0",
            "#0 click at 2026-11-21T10:00:11.000Z (about to apply)",
            "#1 scenario coupon_happy_path",
            "stopped (step) at click at 2026-11-21T10:00:11.000Z (applied)",
            "last_viewed_items = [\"sku1\",\"sku1\",\"sku1\"] → [\"sku1\",\"sku1\",\"sku9\"]",
            "max_expensive_10s = null → 99.0",
            "top_categories = [\"shoes\"] → [\"shoes\",\"bags\"]",
            "stopped (step) at page_enter at 2026-11-21T10:00:07.000Z (applied)",
            "null",
            "stopped (step) at click at 2026-11-21T10:00:11.000Z (applied)",
            "watch 2: pages_this_session",
            "stopped (function breakpoint: event:click) at click at 2026-11-21T10:00:15.000Z (about to apply)",
            "breakpoint not set: no pattern named 'nope'; the project has cart_abandon, hesitated_on_product, search_struggle (pattern:nope)",
        ], "\(run.stdout)")
    }

    /// `featide debug` in a script: a line breakpoint, the script's frames, a step, its
    /// variables next to the engine's feature value.
    @Test func theLineModeDebuggerStopsInAScript() throws {
        let engine = try EngineUnderDebug(copying: "shopping")
        defer { engine.remove() }
        let commands = ["b scripts/coupon.py:8", "c", "bt", "n", "p spent", "p ctx.features[\"home_click_amount_10m\"] or 0",
                        "p __import__('os')", "r", "q"]
        let run = try engine.engine.cli(["debug", engine.root, "--scenario", "coupon_happy_path"], input: commands.joined(separator: "\n") + "\n")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.components(separatedBy: "(featide-debug) ").flatMap { $0.split(separator: "\n").map(String.init) }
        #expect(lines.count >= 10, "\(run.stdout)")
        guard lines.count >= 10 else { return }
        #expect(lines[1].hasPrefix("breakpoint ") && lines[1].hasSuffix(": scripts/coupon.py:8 (the script is not loaded yet; the breakpoint binds when it loads)"), "\(lines[1])")
        #expect(lines[2] == "stopped (breakpoint: breakpoint at line 8) at decide (coupon.py:8)", "\(run.stdout)")
        #expect(lines[3] == "#0 decide (coupon.py:8)")
        #expect(lines[4].hasPrefix("#1 decision coupon_popup"), "\(lines[4])")
        let step = try #require(lines.firstIndex { $0.hasPrefix("stopped (step)") })
        #expect(lines[step] == "stopped (step) at decide (coupon.py:9)")
        #expect(lines[step + 1] == lines[step + 2], "spent is the feature's value: \(lines[step + 1]) vs \(lines[step + 2])")
        #expect(Double(lines[step + 1]) != nil, "\(lines[step + 1])")
        #expect(lines[step + 3].hasPrefix("error:"), "the sandbox holds: \(lines[step + 3])")
        // `r` runs decide to its end: the scenario goes on and passes.
        #expect(lines.contains("10 passed, 0 failed"))
    }
}
