import Foundation
import Testing
@testable import Engine

/// A script's budget counts running time only; a debugger that is not used costs nothing.
@Suite struct ScriptDebugBudgetTests {
    static let quick = "def decide(ctx):\n    x = 1\n    return {\"x\": x}\n"

    @Test func aStopLongerThanTheBudgetIsNotKilledAndTheCallCompletes() throws {
        let scripts = try DebuggedScripts(["scripts/quick.py": Self.quick])
        scripts.breakpoints("quick", [ScriptBreakpoint(line: 3)])
        scripts.hook.atStop = { _ in
            usleep(500_000)  // five budgets, and more than the hard deadline
            return .next
        }
        let outcome = scripts.decide("quick", budgetMilliseconds: 100)
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"x":1}"#)
        #expect(scripts.fixture.runtime.metrics.stopsRequested == 0)
        #expect(scripts.fixture.runtime.metrics.budgetKills == 0)
        #expect(scripts.fixture.runtime.metrics.debugStops == 1)
    }

    /// Stopped time is not running time, but running time still counts: a runaway resumed
    /// from a breakpoint is still stopped by its budget.
    @Test func aRunawayResumedFromAStopIsStillStoppedByItsBudget() throws {
        let scripts = try DebuggedScripts(["scripts/spin.py": "def decide(ctx):\n    n = 0\n    while True:\n        n += 1\n"])
        scripts.breakpoints("spin", [ScriptBreakpoint(line: 2)])
        scripts.hook.atStop = { _ in
            usleep(200_000)
            return .continue
        }
        let failure = try #require(scripts.decide("spin", budgetMilliseconds: 100).failure)
        #expect(failure.reason == .budget)
    }

    @Test func withNoBreakpointNoTraceFunctionIsInstalled() throws {
        let scripts = try DebuggedScripts(["scripts/quick.py": Self.quick, "scripts/other.py": Self.quick])
        let runtime = scripts.fixture.runtime
        #expect(scripts.decide("quick").value != nil)
        #expect(runtime.debugTraceInstalled("scripts/quick.py") == false)
        // A breakpoint in another script: this one's worker still runs untraced.
        scripts.breakpoints("other", [ScriptBreakpoint(line: 2)])
        #expect(scripts.decide("other").value != nil)
        #expect(scripts.decide("quick").value != nil)
        #expect(runtime.debugTraceInstalled("scripts/quick.py") == false)
        #expect(runtime.debugTraceInstalled("scripts/other.py") == true)
        // Uncaught-exception stops need no trace; raised ones do.
        scripts.debugger.setExceptionBreakpoints(raised: false, uncaught: true)
        #expect(runtime.debugTraceInstalled("scripts/quick.py") == false)
        scripts.debugger.setExceptionBreakpoints(raised: true, uncaught: true)
        #expect(runtime.debugTraceInstalled("scripts/quick.py") == true)
        scripts.debugger.detach()
        #expect(runtime.debugTraceInstalled("scripts/quick.py") == false)
        #expect(runtime.debugTraceInstalled("scripts/other.py") == false)
    }

    @Test func aDebuggerAttachedToLoadedScriptsReachesThemAtOnce() throws {
        let fixture = try ScriptSandboxFixture(["scripts/quick.py": Self.quick])
        #expect(fixture.decide("quick").value != nil)
        let debugger = ScriptDebugger()
        fixture.runtime.debugger = debugger
        let states = debugger.setBreakpoints(file: "scripts/quick.py", [ScriptBreakpoint(line: 1)])
        #expect(states == [BreakpointState(verified: true, line: 1, message: nil)])
        #expect(fixture.runtime.debugTraceInstalled("scripts/quick.py") == true)
        fixture.runtime.debugger = nil
        #expect(fixture.runtime.debugTraceInstalled("scripts/quick.py") == false)
    }
}
