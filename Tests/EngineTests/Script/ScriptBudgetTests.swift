import Foundation
import Testing
@testable import Engine

/// Runaway scripts are stopped by the watchdog and yield a budget failure (the fallback).
@Suite struct ScriptBudgetTests {
    static let runaways: [String: String] = [
        "spin": "while True:\n        pass",
        "swallow": "while True:\n        try:\n            while True:\n                pass\n        except BaseException:\n            pass",
        "swallow_and_return": "try:\n        while True:\n            pass\n    except BaseException:\n        return {'show': True}",
        "finally_continue": "while True:\n        try:\n            pass\n        finally:\n            continue",
    ]

    @Test(arguments: runaways.keys.sorted())
    func runawayIsStoppedAndReportedAsOverBudget(name: String) throws {
        let fixture = try ScriptSandboxFixture([
            "scripts/\(name).py": "def decide(ctx):\n    \(Self.runaways[name]!)\n",
            "scripts/fine.py": "def decide(ctx):\n    return {'ok': True}\n",
        ])
        let budget: Int64 = 50
        let outcome = fixture.decide(name, budgetMilliseconds: budget)
        let failure = try #require(outcome.failure)
        #expect(failure.reason == .budget)
        #expect(failure.script == "scripts/\(name).py")
        #expect(failure.message.contains("time budget of 50ms"))
        #expect(fixture.decide("fine").value != nil)
    }

    /// The stop is cooperative first: a loop that catches BaseException is stopped by the line
    /// hook inside its worker, which lives on (no kill, no new worker for the next call).
    @Test func aLoopThatCatchesBaseExceptionIsStoppedWithoutKillingItsWorker() throws {
        let fixture = try ScriptSandboxFixture(["scripts/swallow.py": """
            def decide(ctx):
                if ctx.input.get("spin"):
                    \(Self.runaways["swallow"]!.replacingOccurrences(of: "\n", with: "\n    "))
                return {"ok": True}
            """])
        // A generous budget, so a busy machine still lets the stop land before the hard deadline.
        let failure = try #require(fixture.decide("swallow", input: CELMap([(.string("spin"), .bool(true))]), budgetMilliseconds: 300).failure)
        #expect(failure.reason == .budget)
        #expect(failure.message.contains("was stopped"), "\(failure.message)")
        #expect(fixture.decide("swallow").value != nil)
        #expect(fixture.runtime.metrics.budgetKills == 0)
        #expect(fixture.runtime.metrics.workersStarted == 1)
    }

    @Test func topLevelCodeThatNeverEndsFailsTheLoad() throws {
        let fixture = try ScriptSandboxFixture(["scripts/hang.py": "while True:\n    pass\n\ndef decide(ctx):\n    return None\n"])
        // Generous, so a busy machine still lets the cooperative stop (which knows the line) land
        // before the hard deadline: one full-suite run under a loaded build failed at 30 ms.
        let failure = try #require(fixture.decide("hang", budgetMilliseconds: 300).failure)
        #expect(failure.reason == .budget)
        #expect(failure.line == 1 || failure.line == 2)
    }
}
