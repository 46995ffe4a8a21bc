import Foundation
import Testing
@testable import Engine

@Suite struct ScriptRuntimeTests {
    @Test func decideReceivesTheEventAndItsReturnValueComesBack() throws {
        let fixture = try ScriptSandboxFixture(["scripts/echo.py": """
            def decide(ctx):
                return {"type": ctx.event["type"], "price": ctx.event["params"]["price"], "variant": ctx.variant}
            """])
        let event = Event(ts: 5, type: "click", params: CELMap([(.string("price"), .double(12.5))]))
        let outcome = fixture.decide("echo", event: event, variant: "treat")
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"type":"click","price":12.5,"variant":"treat"}"#)
    }
}

@Suite struct ScriptRuntimeConcurrencyTests {
    /// Engines on many threads at once each talk to their own workers and get their own
    /// answers; a script's module-level state lives in its worker, per engine.
    @Test func enginesOnManyThreadsGetTheirOwnResults() async throws {
        let source = "count = 0\n\ndef decide(ctx):\n    global count\n    count += 1\n    return {'n': count, 'who': ctx.input['who']}\n"
        let results = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for i in 0..<4 {
                group.addTask {
                    let fixture = try ScriptSandboxFixture(["scripts/count.py": source])
                    return (i, (1...50).map { _ in
                        PlainJSON.text(fixture.decide("count", input: CELMap([(.string("who"), .int(Int64(i)))])).value ?? .null)
                    })
                }
            }
            var all: [Int: [String]] = [:]
            for try await (i, result) in group { all[i] = result }
            return all
        }
        #expect(results.count == 4)
        for (i, result) in results {
            #expect(result == (1...50).map { #"{"n":\#($0),"who":\#(i)}"# })
        }
    }
}
