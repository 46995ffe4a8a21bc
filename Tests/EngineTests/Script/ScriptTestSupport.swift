import Foundation
@testable import Engine

/// A throwaway project folder holding scripts, and a runtime over it that collects its logs.
final class ScriptSandboxFixture {
    let project: TemporaryProject
    let runtime: ScriptRuntime
    private(set) var logs: [LogRecord] = []

    /// - Parameter unguarded: the test-only worker without the Python layer (real builtins,
    ///   real modules), to show what the operating system's confinement alone refuses.
    init(_ scripts: [String: String], unguarded: Bool = false) throws {
        project = try TemporaryProject(scripts)
        runtime = ScriptRuntime(root: project.root, options: ScriptWorkerSupply.Options(unguarded: unguarded))
        runtime.onLog = { [unowned self] in self.logs.append($0) }
    }

    deinit { project.remove() }

    /// `decide(ctx)` of `scripts/<name>.py` with an event and the given features.
    func decide(_ name: String, event: Event = Event(ts: 1_000, type: "tap"),
                features: [(name: String, value: CELValue)] = [], service: FeatureService? = nil,
                input: CELMap = CELMap(), variant: String? = nil, budgetMilliseconds: Int64 = 200) -> ScriptOutcome {
        runtime.invoke("scripts/\(name).py", "decide", ScriptCall(
            caller: "decision '\(name)'", ts: event.ts, event: event, features: features, service: service,
            input: input, device: CELMap([(.string("id"), .string("d1"))]), variant: variant,
            budget: TimeSpan(milliseconds: budgetMilliseconds)))
    }
}

extension ScriptOutcome {
    var value: CELValue? { if case .success(let v) = result { v } else { nil } }
    var failure: ScriptFailure? { if case .failure(let f) = result { f } else { nil } }
}
