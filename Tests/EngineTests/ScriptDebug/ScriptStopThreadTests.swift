import Dispatch
import Foundation
import Testing
@testable import Engine

/// A DAP server's shape: the hook only hands the stop over, and another thread inspects and
/// resumes it while the engine thread waits.
@Suite struct ScriptStopThreadTests {
    /// Hands each stop to whoever waits in `next()`.
    final class HandOverHook: ScriptDebugHook, @unchecked Sendable {
        private let lock = NSLock()
        private var stops: [ScriptStop] = []
        private let arrived = DispatchSemaphore(value: 0)

        func scriptStopped(_ stop: ScriptStop) {
            lock.withLock { stops.append(stop) }
            arrived.signal()
        }

        func breakpointsBound(file: String, _ states: [BreakpointState]) {}

        func next() -> ScriptStop {
            arrived.wait()
            return lock.withLock { stops.removeFirst() }
        }
    }

    static let loop = """
        def decide(ctx):
            total = 0
            for i in range(3):
                total += i
            return {"total": total}
        """

    /// Runs `decide` on a thread of its own (the engine's), returning its result when it ends.
    func engineThread(_ fixture: ScriptSandboxFixture) -> () -> ScriptOutcome {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) let fixture = fixture  // used by that thread only until `done`
        nonisolated(unsafe) var outcome: ScriptOutcome?
        Thread {
            outcome = fixture.decide("loop", budgetMilliseconds: 100)
            done.signal()
        }.start()
        return {
            done.wait()
            return outcome!
        }
    }

    @Test func anotherThreadInspectsChangesAndResumesAStoppedScript() throws {
        let fixture = try ScriptSandboxFixture(["scripts/loop.py": Self.loop])
        let hook = HandOverHook()
        let debugger = ScriptDebugger(hook: hook)
        fixture.runtime.debugger = debugger
        debugger.setBreakpoints(file: "scripts/loop.py", [ScriptBreakpoint(line: 4, condition: "i == 1")])
        let result = engineThread(fixture)

        let first = hook.next()
        #expect(debugger.currentStop === first)
        #expect(try first.stackTrace().map(\.line) == [4])
        #expect(try first.evaluate("(i, total)", frameID: 1).value == "(1, 0)")
        // Breakpoints change while stopped: the stopped worker binds them at once.
        let states = debugger.setBreakpoints(file: "scripts/loop.py", [ScriptBreakpoint(line: 5)])
        #expect(states == [BreakpointState(verified: true, line: 5, message: nil)])
        try first.resume(.continue)

        let second = hook.next()
        #expect(second.line == 5)
        let locals = try second.scopes(frameID: 1)[0]
        _ = try second.setVariable(reference: locals.variablesReference, name: "total", value: "-1")
        try second.resume(.continue)
        #expect(throws: ScriptDebugError.self) { try first.stackTrace() }

        #expect(PlainJSON.text(try #require(result().value)) == #"{"total":-1}"#)
        #expect(fixture.runtime.metrics.budgetKills == 0)
    }

    @Test func detachingResumesAStoppedScriptAndClearsEverything() throws {
        let fixture = try ScriptSandboxFixture(["scripts/loop.py": Self.loop])
        let hook = HandOverHook()
        let debugger = ScriptDebugger(hook: hook)
        fixture.runtime.debugger = debugger
        debugger.setBreakpoints(file: "scripts/loop.py", [ScriptBreakpoint(line: 4)])
        debugger.setExceptionBreakpoints(raised: true, uncaught: true)
        let result = engineThread(fixture)
        _ = hook.next()
        debugger.detach()
        #expect(PlainJSON.text(try #require(result().value)) == #"{"total":3}"#)
        #expect(debugger.currentStop == nil)
        #expect(fixture.runtime.debugTraceInstalled("scripts/loop.py") == false)
        #expect(fixture.decide("loop").value != nil)
    }
}

extension ScriptStopThreadTests {
    @Test func aWorkerThatDiesWhileStoppedEndsTheStopAndTheCallFailsAsACrash() throws {
        let fixture = try ScriptSandboxFixture(["scripts/loop.py": Self.loop])
        let hook = HandOverHook()
        let debugger = ScriptDebugger(hook: hook)
        fixture.runtime.debugger = debugger
        debugger.setBreakpoints(file: "scripts/loop.py", [ScriptBreakpoint(line: 5)])
        let pid = try #require({ () -> pid_t? in
            _ = fixture.runtime.preload("scripts/loop.py", budget: TimeSpan(milliseconds: 2_000))
            return fixture.runtime.workerProcessID(of: "scripts/loop.py")
        }())
        let result = engineThread(fixture)
        let stop = hook.next()
        kill(pid, SIGKILL)
        let failure = try #require(result().failure)
        #expect(failure.reason == .crash)
        #expect(stop.isResumed)
        #expect(debugger.currentStop == nil)
        #expect(throws: ScriptDebugError.self) { try stop.stackTrace() }
    }
}
