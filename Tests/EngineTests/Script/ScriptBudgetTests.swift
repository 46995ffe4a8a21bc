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
        // The issue's bound, loosely: stopped within twice the budget plus scheduling slack.
        #expect(outcome.elapsedNanoseconds < UInt64(2 * budget + 500) * 1_000_000, "\(outcome.elapsedNanoseconds / 1_000_000) ms")
        #expect(fixture.decide("fine").value != nil)
    }

    @Test func aLoopThatCatchesBaseExceptionIsStoppedByTheLineHook() throws {
        let fixture = try ScriptSandboxFixture(["scripts/swallow.py": "def decide(ctx):\n    \(Self.runaways["swallow"]!)\n"])
        let before = ScriptWatchdog.lineEventsRaised.load(ordering: .relaxed)
        #expect(fixture.decide("swallow", budgetMilliseconds: 30).failure?.reason == .budget)
        #expect(ScriptWatchdog.lineEventsRaised.load(ordering: .relaxed) > before)
    }

    @Test func topLevelCodeThatNeverEndsFailsTheLoad() throws {
        let fixture = try ScriptSandboxFixture(["scripts/hang.py": "while True:\n    pass\n\ndef decide(ctx):\n    return None\n"])
        let failure = try #require(fixture.decide("hang", budgetMilliseconds: 30).failure)
        #expect(failure.reason == .budget)
        #expect(failure.line == 1 || failure.line == 2)
    }
}
