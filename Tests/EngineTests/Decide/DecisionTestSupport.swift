import Foundation
@testable import Engine

/// A project on disk with one pipeline over it, collecting decisions and logs.
final class DecisionFixture {
    let project: TemporaryProject
    let pipeline: EnginePipeline
    private(set) var decisions: [DecisionRecord] = []
    private(set) var logs: [LogRecord] = []

    /// - Parameter acceptingScriptErrors: build the pipeline even if `check` refuses a script
    ///   (to see what the engine does when such a script reaches it anyway).
    init(_ files: [String: String], deviceID: String = "d1", os: String = "android", acceptingScriptErrors: Bool = false) throws {
        var all = files
        all["featide.yaml"] = all["featide.yaml"] ?? TemporaryProject.scriptManifest
        project = try TemporaryProject(all)
        let loaded = project.load()
        let errors = loaded.diagnostics.errors.filter { !(acceptingScriptErrors && $0.location.file.hasSuffix(".py")) }
        guard errors.isEmpty else { throw FixtureError(diagnostics: errors.map(\.description)) }
        let device = DeviceProfile(id: deviceID, fields: CELMap([(.string("id"), .string(deviceID)), (.string("os"), .string(os))]))
        pipeline = try EnginePipeline(project: loaded.project, consumed: loaded.project.consumedFeatures(extra: loaded.project.features.map(\.name)), device: device,
                                      input: CELMap([(.string("pool"), .list([.string("C5"), .string("C10")]))]))
        pipeline.onDecision = { [unowned self] in decisions.append($0) }
        pipeline.onLog = { [unowned self] in logs.append($0) }
    }

    deinit { project.remove() }

    /// Submits an event at `second` seconds and applies it.
    func send(_ type: String, at second: Int64, _ params: [(String, CELValue)] = []) {
        let ts = second * 1000
        pipeline.submit(Event(ts: ts, type: type, params: CELMap(params.map { (.string($0.0), $0.1) })))
        pipeline.advance(to: ts)
    }

    var errors: [LogRecord] { logs.filter { $0.level == .error } }
}

struct FixtureError: Error { let diagnostics: [String] }

/// `kind: decision` YAML with an event trigger.
func decisionYAML(_ name: String = "offer", on: String = "tap", where filter: String? = nil, inputs: [String] = [],
                  script: String = "scripts/offer.py", action: String = "popup", budget: String? = nil,
                  fallback: String? = "{show: false}", rollout: String? = nil, variants: String? = nil) -> String {
    var lines = ["kind: decision", "name: \(name)", "trigger: {on: \(on)\(filter.map { ", where: '\($0)'" } ?? "")}",
                 "inputs: [\(inputs.joined(separator: ", "))]", "script: \(script)", "action: \(action)"]
    if let budget { lines.append("budget: \(budget)") }
    if let fallback { lines.append("fallback: \(fallback)") }
    if let rollout { lines.append("rollout: \(rollout)") }
    if let variants { lines.append("variants: \(variants)") }
    return lines.joined(separator: "\n") + "\n"
}
