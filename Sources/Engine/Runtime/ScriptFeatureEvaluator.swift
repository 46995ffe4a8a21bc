/// Script features (`compute(ctx)`) and `post(value, ctx)` of config features (SPEC §4).
///
/// Values are worked out when read, inputs first — reading an input that is itself a script
/// feature computes that one before, so the order follows the dependencies (cycles are
/// rejected at load). A script runs again only when one of its inputs changed since its last
/// run; otherwise the last result stands. A failing `compute` gives null, a failing `post`
/// gives the value it was handed; both are logged with the script line.
final class ScriptFeatureEvaluator {
    struct Memo: Codable {
        var inputs: [CELValue]
        var value: CELValue
    }

    private var computed: [String: Memo] = [:]
    private var posted: [String: Memo] = [:]
    private let runtime: ScriptRuntime
    private let device: DeviceProfile
    private let input: CELMap
    unowned let pipeline: EnginePipeline
    var onLog: (LogRecord) -> Void = { _ in }
    /// Script runs, for tests and `explain`: feature name → how many times it ran.
    private(set) var runs: [String: Int] = [:]

    init(pipeline: EnginePipeline, runtime: ScriptRuntime, device: DeviceProfile, input: CELMap) {
        self.pipeline = pipeline
        self.runtime = runtime
        self.device = device
        self.input = input
    }

    func compute(_ feature: String, _ script: ScriptFeature, at t: Int64) -> CELValue {
        let values = script.inputs.map { pipeline.value(of: $0.name, at: t) }
        if let memo = computed[feature], Self.same(memo.inputs, values) { return memo.value }
        let names = script.inputs.map(\.name)
        let service = FeatureService(caller: "feature '\(feature)'", inputs: names, pipeline: pipeline)
        let value = run(feature, script.script, "compute", value: nil, failed: .null, ScriptCall(
            caller: service.caller, ts: t, features: Array(zip(names, values)).map { (name: $0.0, value: $0.1) },
            service: service, input: input, device: device.fields, budget: pipeline.project.manifest.budget))
        computed[feature] = Memo(inputs: values, value: value)
        return value
    }

    func post(_ feature: String, _ script: ScriptReference, raw: CELValue, at t: Int64) -> CELValue {
        if case .error = raw { return raw }
        if let memo = posted[feature], Self.same(memo.inputs, [raw]) { return memo.value }
        let value = run(feature, script, "post", value: raw, failed: raw, ScriptCall(
            caller: "feature '\(feature)'", ts: t, input: input, device: device.fields,
            budget: pipeline.project.manifest.budget))
        posted[feature] = Memo(inputs: [raw], value: value)
        return value
    }

    private func run(_ feature: String, _ script: ScriptReference, _ function: String, value: CELValue?,
                     failed: CELValue, _ call: ScriptCall) -> CELValue {
        runs[feature, default: 0] += 1
        let outcome = runtime.invoke(script.path, function, value: value, call)
        switch outcome.result {
        case .success(let result): return result
        case .failure(let failure):
            onLog(LogRecord(
                ts: call.ts, level: .error, source: "script:\(failure.location)",
                message: "feature '\(feature)': \(function) failed (\(failure.reason.rawValue)) at \(failure.location): "
                    + "\(failure.message); the value is \(PlainJSON.text(failed))",
                fields: CELMap([(.string("feature"), .string(feature)), (.string("reason"), .string(failure.reason.rawValue)),
                                (.string("line"), .int(Int64(failure.line)))])))
            return failed
        }
    }

    private static func same(_ a: [CELValue], _ b: [CELValue]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            if case .error = x { return false }
            return x.isEqual(to: y)
        }
    }
}

extension ScriptFeatureEvaluator {
    /// The last result of each script feature and post script with the inputs it ran on
    /// (a restored engine runs a script again exactly when the original would), and run counts.
    struct Snapshot: Codable {
        var computed: [String: Memo]
        var posted: [String: Memo]
        var runs: [String: Int]
    }

    var snapshot: Snapshot { Snapshot(computed: computed, posted: posted, runs: runs) }

    func restore(_ snapshot: Snapshot) {
        computed = snapshot.computed
        posted = snapshot.posted
        runs = snapshot.runs
    }
}
