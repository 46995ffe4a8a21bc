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
