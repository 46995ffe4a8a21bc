import Foundation
import Testing
@testable import Engine

/// next, stepIn, stepOut and pause, and the stack a stop shows.
@Suite struct ScriptSteppingTests {
    static let calls = """
        def helper(x):
            y = x * 2
            return y

        def decide(ctx):
            a = 1
            b = helper(a)
            c = b + 1
            return {"c": c}
        """

    /// Runs `calls.py` stopping first at line 6, then stepping as `steps` says; the lines stopped at.
    func lines(stepping steps: [ScriptResumeAction]) throws -> [Int] {
        let scripts = try DebuggedScripts(["scripts/calls.py": Self.calls])
        scripts.breakpoints("calls", [ScriptBreakpoint(line: 6)])
        var remaining = steps
        scripts.hook.atStop = { _ in remaining.isEmpty ? .continue : remaining.removeFirst() }
        #expect(PlainJSON.text(try #require(scripts.decide("calls").value)) == #"{"c":3}"#)
        #expect(scripts.hook.errors.isEmpty)
        #expect(scripts.hook.stops.dropFirst().allSatisfy { $0.reason == .step })
        return scripts.hook.stops.map(\.line)
    }

    @Test func nextStepsOverCalls() throws {
        #expect(try lines(stepping: [.next, .next, .next, .next]) == [6, 7, 8, 9])
    }

    @Test func stepInEntersACalledFunctionAndStepOutReturnsToItsCaller() throws {
        #expect(try lines(stepping: [.next, .stepIn, .next, .stepOut, .next]) == [6, 7, 2, 3, 8, 9])
    }

    /// `next` off the end of a function stops in its caller; off the end of the call, it runs.
    @Test func nextAtAReturnGoesToTheCallerThenTheCallEnds() throws {
        #expect(try lines(stepping: [.next, .stepIn, .next, .next, .next, .next, .next]) == [6, 7, 2, 3, 8, 9])
    }

    @Test func theStackShowsScriptFramesOnlyNeverTheSandboxs() throws {
        // The sandbox's own `getattr` (Python, in the bootstrap) calls the script's property.
        let scripts = try DebuggedScripts(["scripts/box.py": """
            class Box:
                @property
                def value(self):
                    return 42

            def decide(ctx):
                v = getattr(Box(), "value")
                return {"v": v}
            """])
        scripts.breakpoints("box", [ScriptBreakpoint(line: 4)])
        var frames: [ScriptStackFrame] = []
        scripts.hook.atStop = { stop in
            frames = try stop.stackTrace()
            return .continue
        }
        #expect(scripts.decide("box").value != nil)
        #expect(frames.map(\.name) == ["Box.value", "decide"])
        #expect(frames.map(\.line) == [4, 7])
        #expect(frames.map(\.id) == [1, 2])
    }

    @Test func pauseStopsARunningScriptAtItsNextLine() throws {
        let scripts = try DebuggedScripts(["scripts/busy.py": """
            def decide(ctx):
                n = 0
                while n < 3_000_000:
                    n += 1
                return {"n": n}
            """])
        scripts.load("busy")
        let debugger = scripts.debugger
        let pauser = Thread {
            usleep(30_000)
            debugger.pause()
        }
        var n = ""
        scripts.hook.atStop = { stop in
            n = try stop.evaluate("n", frameID: 1).value
            return .continue
        }
        pauser.start()
        let outcome = scripts.decide("busy", budgetMilliseconds: 60_000)
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"n":3000000}"#)
        // Either it was running (stopped in the loop) or it had not started yet (first line).
        #expect(scripts.hook.stops.map(\.reason) == [.pause])
        #expect(Int(n) != nil)
        #expect(scripts.fixture.runtime.debugTraceInstalled("scripts/busy.py") == false)
    }
}
