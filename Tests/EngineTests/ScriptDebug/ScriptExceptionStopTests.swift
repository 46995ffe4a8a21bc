import Foundation
import Testing
@testable import Engine

/// Exception breakpoints: `raised` where an exception is raised (caught or not), `uncaught`
/// post mortem when it escapes the script.
@Suite struct ScriptExceptionStopTests {
    static let scripts = [
        "scripts/caught.py": """
            def decide(ctx):
                try:
                    {}["missing"]
                except KeyError:
                    pass
                return {"ok": True}
            """,
        "scripts/fails.py": """
            def lookup(d):
                key = "price"
                return d[key]

            def decide(ctx):
                return {"price": lookup(ctx.input)}
            """,
    ]

    @Test func raisedStopsWhereAnExceptionIsRaisedEvenIfCaught() throws {
        let scripts = try DebuggedScripts(Self.scripts)
        scripts.debugger.setExceptionBreakpoints(raised: true, uncaught: false)
        #expect(scripts.decide("caught").value != nil)
        #expect(scripts.hook.stops == [.init(reason: .exception, line: 3, description: "raised KeyError: 'missing'")])
    }

    @Test func uncaughtStopsOnlyForAnExceptionThatEscapesWithTheFramesItLeft() throws {
        let scripts = try DebuggedScripts(Self.scripts)
        scripts.debugger.setExceptionBreakpoints(raised: false, uncaught: true)
        #expect(scripts.decide("caught").value != nil)
        #expect(scripts.hook.stops.isEmpty)
        var frames: [ScriptStackFrame] = []
        var key = ""
        var text: String?
        scripts.hook.atStop = { stop in
            frames = try stop.stackTrace()
            key = try stop.locals()["key"] ?? ""
            text = stop.exceptionText
            return .continue
        }
        let failure = try #require(scripts.decide("fails").failure)
        #expect(failure.reason == .exception)
        #expect(scripts.hook.stops == [.init(reason: .exception, line: 3, description: "uncaught KeyError: 'price'")])
        #expect(frames.map(\.name) == ["lookup", "decide"])
        #expect(frames.map(\.line) == [3, 6])
        #expect(key == "'price'")
        #expect(text == "KeyError: 'price'")
        // No trace function for `uncaught` alone.
        #expect(scripts.fixture.runtime.debugTraceInstalled("scripts/fails.py") == false)
    }

    @Test func raisedAndUncaughtTogetherStopOnceForOneException() throws {
        let scripts = try DebuggedScripts(Self.scripts)
        scripts.debugger.setExceptionBreakpoints(raised: true, uncaught: true)
        #expect(scripts.decide("fails").failure != nil)
        #expect(scripts.hook.stops.map(\.description) == ["raised KeyError: 'price'"])
    }

    @Test func uncaughtStopsInTopLevelCodeThatFailsToLoad() throws {
        let scripts = try DebuggedScripts(["scripts/broken.py": "LIMITS = {}\nMAX = LIMITS['max']\n\ndef decide(ctx):\n    return None\n"])
        scripts.debugger.setExceptionBreakpoints(raised: false, uncaught: true)
        var frames: [ScriptStackFrame] = []
        var scopes: [String] = []
        scripts.hook.atStop = { stop in
            frames = try stop.stackTrace()
            scopes = try stop.scopes(frameID: 1).map(\.name)
            return .continue
        }
        let failure = try #require(scripts.decide("broken").failure)
        #expect(failure.reason == .exception)
        #expect(scripts.hook.stops == [.init(reason: .exception, line: 2, description: "uncaught KeyError: 'max'")])
        #expect(frames.map(\.name) == ["<module>"])
        #expect(scopes == ["Globals"])
    }
}
