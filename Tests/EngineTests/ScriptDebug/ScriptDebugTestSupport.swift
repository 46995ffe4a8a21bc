import Foundation
import Testing
@testable import Engine

/// A debugger hook for tests: on each stop it records where, runs the test's inspection and
/// resumes as that returns — all on the engine thread, as a DAP server could too.
final class ScriptedDebugHook: ScriptDebugHook {
    struct Seen: Equatable {
        var reason: ScriptStopReason
        var line: Int
        var description: String
    }

    private(set) var stops: [Seen] = []
    private(set) var bound: [(file: String, states: [BreakpointState])] = []
    /// What to do at each stop (the test inspects here); `continue` by default.
    var atStop: (ScriptStop) throws -> ScriptResumeAction = { _ in .continue }
    private(set) var errors: [String] = []

    func scriptStopped(_ stop: ScriptStop) {
        stops.append(Seen(reason: stop.reason, line: stop.line, description: stop.description))
        var action = ScriptResumeAction.continue
        do { action = try atStop(stop) } catch { errors.append("\(error)") }
        do { try stop.resume(action) } catch { errors.append("resume: \(error)") }
    }

    func breakpointsBound(file: String, _ states: [BreakpointState]) {
        bound.append((file, states))
    }
}

/// A script fixture with a debugger attached.
final class DebuggedScripts {
    let fixture: ScriptSandboxFixture
    let debugger: ScriptDebugger
    let hook = ScriptedDebugHook()

    init(_ scripts: [String: String]) throws {
        fixture = try ScriptSandboxFixture(scripts)
        debugger = ScriptDebugger(hook: hook)
        fixture.runtime.debugger = debugger
    }

    var logs: [LogRecord] { fixture.logs }

    func decide(_ name: String, input: CELMap = CELMap(), budgetMilliseconds: Int64 = 2_000) -> ScriptOutcome {
        fixture.decide(name, input: input, budgetMilliseconds: budgetMilliseconds)
    }

    @discardableResult
    func breakpoints(_ name: String, _ list: [ScriptBreakpoint]) -> [BreakpointState] {
        debugger.setBreakpoints(file: "scripts/\(name).py", list)
    }

    func load(_ name: String) {
        _ = fixture.runtime.preload("scripts/\(name).py", budget: TimeSpan(milliseconds: 2_000))
    }
}

extension ScriptStop {
    /// name → value of the innermost frame's locals.
    func locals(frame: Int = 1) throws -> [String: String] {
        let scope = try #require(try scopes(frameID: frame).first { $0.name == "Locals" })
        return Dictionary(uniqueKeysWithValues: try variables(reference: scope.variablesReference).map { ($0.name, $0.value) })
    }
}
