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

    /// The script loops until the debugger changes `going`; it prints once it runs, and the
    /// engine's log callback (on the engine thread, during the call) asks for the pause.
    @Test func pauseStopsARunningScriptAtItsNextLine() throws {
        let scripts = try DebuggedScripts(["scripts/busy.py": """
            def decide(ctx):
                going = True
                n = 0
                while going:
                    n += 1
                    if n == 1:
                        print("running")
                return {"n": n > 0}
            """])
        let debugger = scripts.debugger
        scripts.fixture.runtime.onLog = { record in
            if record.message == "running" { debugger.pause() }
        }
        var inLoop = false
        scripts.hook.atStop = { stop in
            let locals = try stop.scopes(frameID: 1)[0]
            inLoop = try stop.locals()["n"].flatMap(Int.init).map { $0 >= 1 } ?? false
            _ = try stop.setVariable(reference: locals.variablesReference, name: "going", value: "False")
            return .continue
        }
        let outcome = scripts.decide("busy", budgetMilliseconds: 60_000)
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"n":true}"#)
        #expect(scripts.hook.stops.map(\.reason) == [.pause])
        #expect(scripts.hook.errors.isEmpty, "\(scripts.hook.errors)")
        #expect(inLoop)
        // The pause was taken: nothing traces the script any more.
        #expect(scripts.fixture.runtime.debugTraceInstalled("scripts/busy.py") == false)
    }

    @Test func aPauseWithNothingRunningStopsTheNextScriptAtItsFirstLine() throws {
        let scripts = try DebuggedScripts(["scripts/calls.py": Self.calls])
        scripts.load("calls")
        scripts.debugger.pause()
        #expect(scripts.decide("calls").value != nil)
        #expect(scripts.hook.stops == [.init(reason: .pause, line: 6, description: "paused")])
        #expect(scripts.decide("calls").value != nil)
        #expect(scripts.hook.stops.count == 1)
    }
}
