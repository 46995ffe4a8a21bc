import Foundation
import Testing
@testable import Engine

/// Line breakpoints: binding, conditions, hit counts, logpoints (SPEC §10, issue 11).
@Suite struct ScriptBreakpointTests {
    static let loop = """
        def decide(ctx):
            total = 0
            for i in range(3):
                total += i
            return {"total": total}
        """

    @Test func aBreakpointSetBeforeLoadingBindsWhenTheScriptLoadsAndStopsWithItsLocals() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        let states = scripts.breakpoints("loop", [ScriptBreakpoint(line: 5)])
        #expect(states == [BreakpointState(verified: false, line: 5, message: "the script is not loaded yet; the breakpoint binds when it loads")])
        var locals: [String: String] = [:]
        var frames: [ScriptStackFrame] = []
        scripts.hook.atStop = { stop in
            frames = try stop.stackTrace()
            locals = try stop.locals()
            return .continue
        }
        let outcome = scripts.decide("loop")
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"total":3}"#)
        #expect(scripts.hook.bound.map(\.states) == [[BreakpointState(verified: true, line: 5, message: nil)]])
        #expect(scripts.hook.stops == [.init(reason: .breakpoint, line: 5, description: "breakpoint at line 5")])
        #expect(frames == [ScriptStackFrame(id: 1, name: "decide", file: "scripts/loop.py", line: 5)])
        #expect(locals["total"] == "3")
        #expect(locals["i"] == "2")
        #expect(locals["ctx"] != nil)
        #expect(scripts.hook.errors.isEmpty)
    }
}

extension ScriptBreakpointTests {
    @Test func aConditionStopsOnlyWhereItHolds() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.breakpoints("loop", [ScriptBreakpoint(line: 4, condition: "i == 2")])
        var seen: [String] = []
        scripts.hook.atStop = { stop in
            seen.append(try stop.locals()["i"] ?? "?")
            return .continue
        }
        #expect(scripts.decide("loop").value != nil)
        #expect(seen == ["2"])
    }

    @Test(arguments: [("2", ["1"]), (">=2", ["1", "2"]), ("%2", ["1"]), ("<2", ["0"])])
    func aHitConditionCountsHits(hitCondition: String, stoppedAt: [String]) throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.breakpoints("loop", [ScriptBreakpoint(line: 4, hitCondition: hitCondition)])
        var seen: [String] = []
        scripts.hook.atStop = { stop in
            seen.append(try stop.locals()["i"] ?? "?")
            return .continue
        }
        #expect(scripts.decide("loop").value != nil)
        #expect(seen == stoppedAt)
    }

    @Test func aLogpointLogsItsMessageWithValuesAndDoesNotStop() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.breakpoints("loop", [ScriptBreakpoint(line: 4, logMessage: "i={i} total={total} {{literal}} {ctx.variant}")])
        #expect(scripts.decide("loop").value != nil)
        #expect(scripts.hook.stops.isEmpty)
        let logged = scripts.logs.filter { $0.source == "debug:scripts/loop.py:4" }
        #expect(logged.map(\.message) == ["i=0 total=0 {literal} None", "i=1 total=0 {literal} None", "i=2 total=1 {literal} None"])
    }

    @Test func aBreakpointOnACommentOrBlankLineMovesToTheNextLineWithCode() throws {
        let scripts = try DebuggedScripts(["scripts/gaps.py": """
            def decide(ctx):
                # a comment

                value = 7
                return {"value": value}
            """])
        scripts.load("gaps")
        let states = scripts.breakpoints("gaps", [ScriptBreakpoint(line: 2), ScriptBreakpoint(line: 3), ScriptBreakpoint(line: 9)])
        #expect(states == [
            BreakpointState(verified: true, line: 4, message: "line 2 has no code: moved to line 4"),
            BreakpointState(verified: true, line: 4, message: "line 3 has no code: moved to line 4"),
            BreakpointState(verified: false, line: 9, message: "no code at or after line 9"),
        ])
        #expect(scripts.decide("gaps").value != nil)
        #expect(scripts.hook.stops.map(\.line) == [4])
    }

    @Test func anExpressionTheSandboxRefusesLeavesTheBreakpointUnverified() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.load("loop")
        let states = scripts.breakpoints("loop", [ScriptBreakpoint(line: 4, condition: "i.__class__"),
                                                 ScriptBreakpoint(line: 4, logMessage: "{open}"),
                                                 ScriptBreakpoint(line: 4, hitCondition: "often")])
        #expect(states.map(\.verified) == [false, true, false])
        #expect(states[0].message?.contains("double-underscore") == true)
        // `open` is a name (the sandbox's refusing stub): it only fails when called.
        #expect(scripts.decide("loop").value != nil)
        #expect(scripts.logs.filter { $0.source.hasPrefix("debug:") }.count == 3)
    }

    /// The breakpoints belong to the debugger, not to a worker: a replacement worker (after a
    /// kill) gets them before it loads the script.
    @Test func breakpointsAreSentAgainToTheWorkerThatReplacesAKilledOne() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.breakpoints("loop", [ScriptBreakpoint(line: 5)])
        #expect(scripts.decide("loop").value != nil)
        let pid = try #require(scripts.fixture.runtime.workerProcessID(of: "scripts/loop.py"))
        kill(pid, SIGKILL)
        // Set while no worker serves the script (retried until the kill has landed): kept for the next one.
        var states: [BreakpointState]
        repeat {
            states = scripts.breakpoints("loop", [ScriptBreakpoint(line: 4, hitCondition: "1")])
        } while states.first?.verified == true
        #expect(states.first?.message == "the script is not loaded yet; the breakpoint binds when it loads")
        _ = scripts.decide("loop")  // finds its worker dead: a crash
        #expect(scripts.decide("loop").value != nil)
        #expect(scripts.hook.stops.map(\.line) == [5, 4])
        #expect(scripts.fixture.runtime.metrics.workersStarted == 2)
    }

    @Test func clearingTheBreakpointsLetsTheScriptRunUnstopped() throws {
        let scripts = try DebuggedScripts(["scripts/loop.py": Self.loop])
        scripts.breakpoints("loop", [ScriptBreakpoint(line: 4)])
        #expect(scripts.decide("loop").value != nil)
        #expect(scripts.hook.stops.count == 3)
        scripts.breakpoints("loop", [])
        #expect(scripts.decide("loop").value != nil)
        #expect(scripts.hook.stops.count == 3)
    }
}
