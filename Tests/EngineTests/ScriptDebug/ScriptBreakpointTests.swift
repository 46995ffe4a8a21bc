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
