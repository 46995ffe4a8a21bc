import Foundation
import Testing
@testable import Engine

/// What a stopped script shows: scopes, variables (expanded, paged), evaluate, setVariable.
@Suite struct ScriptInspectionTests {
    static let data = """
        SCALE = 10

        def decide(ctx):
            data = {"a": [1, 2, 3], "b": {"x": 1}}
            big = list(range(100))
            total = sum(big)
            return {"total": total * SCALE}
        """

    func stopped(at line: Int, _ inspect: @escaping (ScriptStop) throws -> Void) throws -> (DebuggedScripts, ScriptOutcome) {
        let scripts = try DebuggedScripts(["scripts/data.py": Self.data])
        scripts.breakpoints("data", [ScriptBreakpoint(line: line)])
        scripts.hook.atStop = { stop in
            try inspect(stop)
            return .continue
        }
        let features: [(name: String, value: CELValue)] = [("clicks", .int(4)), ("spent", .double(12.5))]
        let outcome = scripts.fixture.runtime.invoke("scripts/data.py", "decide", ScriptCall(
            caller: "decision 'data'", ts: 1_000, event: Event(ts: 1_000, type: "tap"), features: features,
            input: CELMap([(.string("who"), .string("tester"))]), device: CELMap([(.string("id"), .string("d1"))]),
            variant: "treat", budget: TimeSpan(milliseconds: 2_000)))
        #expect(scripts.hook.errors.isEmpty, "\(scripts.hook.errors)")
        #expect(scripts.hook.stops.count == 1)
        return (scripts, outcome)
    }

    @Test func scopesAreLocalsGlobalsAndCtx() throws {
        var scopes: [String] = []
        var globals: [String: String] = [:]
        var ctx: [String: String] = [:]
        var features: [String: String] = [:]
        _ = try stopped(at: 7) { stop in
            let found = try stop.scopes(frameID: 1)
            scopes = found.map(\.name)
            globals = Dictionary(uniqueKeysWithValues: try stop.variables(reference: found[1].variablesReference).map { ($0.name, $0.value) })
            let ctxVariables = try stop.variables(reference: found[2].variablesReference)
            ctx = Dictionary(uniqueKeysWithValues: ctxVariables.map { ($0.name, $0.value) })
            let featureView = try #require(ctxVariables.first { $0.name == "features" })
            features = Dictionary(uniqueKeysWithValues: try stop.variables(reference: featureView.variablesReference).map { ($0.name, $0.value) })
        }
        #expect(scopes == ["Locals", "Globals", "ctx"])
        #expect(globals["SCALE"] == "10")
        #expect(globals["decide"] != nil)
        #expect(globals.keys.allSatisfy { !$0.contains("__") })
        #expect(Set(ctx.keys) == ["event", "features", "match", "input", "device", "variant"])
        #expect(ctx["variant"] == "'treat'")
        #expect(ctx["input"] == "{'who': 'tester'}")
        #expect(ctx["event"]?.contains("'type': 'tap'") == true)
        #expect(features == ["clicks": "4", "spent": "12.5"])
    }

    @Test func dictsAndListsExpandAndPage() throws {
        var data: [ScriptVariable] = []
        var a: [ScriptVariable] = []
        var big: ScriptVariable?
        var page: [ScriptVariable] = []
        _ = try stopped(at: 7) { stop in
            let locals = try stop.scopes(frameID: 1)[0]
            let variables = Dictionary(uniqueKeysWithValues: try stop.variables(reference: locals.variablesReference).map { ($0.name, $0) })
            data = try stop.variables(reference: variables["data"]?.variablesReference ?? 0)
            a = try stop.variables(reference: data.first?.variablesReference ?? 0)
            big = variables["big"]
            page = try stop.variables(reference: big?.variablesReference ?? 0, start: 10, count: 5)
        }
        #expect(data.map(\.name) == ["'a'", "'b'"])
        #expect(data.map(\.namedVariables) == [0, 1])
        #expect(data.map(\.indexedVariables) == [3, 0])
        #expect(a.map(\.name) == ["0", "1", "2"])
        #expect(a.map(\.value) == ["1", "2", "3"])
        #expect(a.allSatisfy { $0.variablesReference == 0 && $0.type == "int" })
        #expect(big?.indexedVariables == 100)
        #expect(big?.type == "list")
        #expect(page.map(\.name) == ["10", "11", "12", "13", "14"])
        #expect(page.map(\.value) == ["10", "11", "12", "13", "14"])
    }

    @Test func evaluateRunsInTheSelectedFrame() throws {
        var results: [String] = []
        _ = try stopped(at: 7) { stop in
            results.append(try stop.evaluate("total + SCALE", frameID: 1).value)
            results.append(try stop.evaluate("ctx.features['clicks'] * 2", frameID: 1).value)
            results.append(try stop.evaluate("sorted(data)", frameID: 1).value)
            results.append(try stop.evaluate("SCALE", frameID: nil).value)
        }
        #expect(results == ["4960", "8", "['a', 'b']", "10"])
    }

    /// The debugger is no way out of the sandbox: what a script may not do, an expression
    /// typed into the debugger may not do either (the same scan, the same builtins).
    @Test(arguments: [
        ("__import__('os')", "not allowed"),
        ("().__class__.__base__.__subclasses__()", "not allowed"),
        ("open('/etc/passwd').read()", "'open' is not available"),
        ("getattr((), '__class__')", "not allowed"),
        ("eval('1')", "'eval' is not available"),
        ("ctx.log.__self__", "not allowed"),
        ("decide.__globals__", "not allowed"),
        ("[x for x in range(1)][0].real.__class__", "not allowed"),
        ("import os", "SyntaxError"),
    ])
    func evaluateCannotEscapeTheSandbox(expression: String, refusal: String) throws {
        var failure: ScriptDebugError?
        _ = try stopped(at: 7) { stop in
            do {
                _ = try stop.evaluate(expression, frameID: 1)
            } catch let error as ScriptDebugError {
                failure = error
            }
        }
        let error = try #require(failure, "\(expression) was evaluated")
        #expect(error.description.contains(refusal), "\(error)")
    }

    @Test func anEvaluationThatNeverEndsIsStopped() throws {
        var failure: ScriptDebugError?
        var after = ""
        let (scripts, outcome) = try stopped(at: 7) { stop in
            do {
                _ = try stop.evaluate("[0 for _ in iter(int, 1)]", frameID: 1)
            } catch let error as ScriptDebugError {
                failure = error
            }
            after = try stop.evaluate("total", frameID: 1).value
        }
        #expect(failure?.description.contains("ran over 1 s") == true, "\(String(describing: failure))")
        #expect(after == "4950")
        #expect(outcome.value != nil)
        #expect(scripts.fixture.runtime.metrics.workersStarted == 1)
    }

    @Test func setVariableOnALocalChangesTheResult() throws {
        var set: ScriptVariable?
        let (_, outcome) = try stopped(at: 7) { stop in
            let locals = try stop.scopes(frameID: 1)[0]
            set = try stop.setVariable(reference: locals.variablesReference, name: "total", value: "SCALE + 1")
        }
        #expect(set?.value == "11")
        #expect(PlainJSON.text(try #require(outcome.value)) == #"{"total":110}"#)
    }

    @Test func setVariableRefusesDunderNamesAndSandboxedValues() throws {
        var errors: [String] = []
        _ = try stopped(at: 7) { stop in
            let locals = try stop.scopes(frameID: 1)[0]
            for (name, value) in [("__class__", "1"), ("total", "open('/etc/passwd')"), ("nothing", "1")] {
                do { _ = try stop.setVariable(reference: locals.variablesReference, name: name, value: value) } catch let error as ScriptDebugError { errors.append(error.description) }
            }
        }
        #expect(errors.count == 3)
        #expect(errors[0].contains("not allowed"))
        #expect(errors[1].contains("'open' is not available"))
        #expect(errors[2].contains("no local variable 'nothing'"))
    }

    @Test func aStopEndsItsReferences() throws {
        var stale: ScriptStop?
        let (scripts, _) = try stopped(at: 7) { stale = $0 }
        #expect(scripts.debugger.currentStop == nil)
        #expect(throws: ScriptDebugError.self) { try stale?.stackTrace() }
    }
}
