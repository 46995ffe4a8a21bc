import ArgumentParser
import Engine
import Foundation

/// `bench decide`: trigger → script → action latency (a trivial script, and one reading five
/// features) across the script worker's channel, decisions per second, beside the same call
/// measured inside the worker (what the in-process path cost) and a bare CPython call; how
/// long runaways take to be stopped, and how soon the spare serves after a worker is killed.
struct BenchDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Measure decision latency and throughput, and the cost over a bare CPython call.")

    @Option(help: "Decisions per measurement.") var decisions = 200_000
    @Option(help: "Runaway scripts to stop per kind.") var runaways = 5

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("featide-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try BenchDecideWorkload.write(to: folder)
        let loaded = ProjectLoader.load(root: folder.path)
        guard !loaded.hasErrors else {
            loaded.diagnostics.forEach { printError($0.description) }
            throw ExitCode(1)
        }
        for line in try measure(loaded.project) { print(line) }
    }

    private func measure(_ project: Project) throws -> [String] {
        let pipeline = try EnginePipeline(project: project, consumed: project.consumedFeatures())
        let decide = DecisionLatency(pipeline)
        for click in BenchDecideWorkload.clicks(from: decide.t, count: 500) { pipeline.submit(click) }
        decide.t += 1_000
        var lines: [String] = []
        var p50s: [String: Double] = [:]

        for (type, label) in [("ping", "trivial script"), ("pong", "script reading 5 features")] {
            decide.warmUp(type)
            let (stats, rate) = try decide.measure(type, label, decisions: decisions)
            p50s[type] = stats.p50
            lines.append(String(format: "%@: trigger → script → action p50 %.2f µs, p99 %.2f µs, p99.9 %.2f µs; %.0f decisions/s",
                                label, stats.p50 / 1000, stats.p99 / 1000, stats.p999 / 1000, rate))
        }
        lines += try debuggerFigures(decide)
        let t = decide.t
        lines += try baselines(pipeline, at: t, engineP50: p50s)
        lines += try runawayStops(pipeline.project, at: t)
        lines += try replacements(pipeline.project, at: t)
        return lines
    }

    /// The same `decide` functions measured inside the worker: the in-process path (decode
    /// `ctx`, call, encode) and a bare call through the C API with one prepared `ctx`.
    private func baselines(_ pipeline: EnginePipeline, at t: Int64, engineP50: [String: Double]) throws -> [String] {
        let names = BenchDecideWorkload.featureNames
        let features = names.map { (name: $0, value: pipeline.value(of: $0, at: t)) }
        let service = FeatureService(caller: "bench", inputs: names, pipeline: pipeline)
        var lines: [String] = []
        for (path, type, label, inputs) in [("scripts/trivial.py", "ping", "trivial", [(name: String, value: CELValue)]()),
                                            ("scripts/five.py", "pong", "5 features", features)] {
            let call = ScriptCall(caller: "bench", ts: t, event: Event(ts: t, type: type), features: inputs, service: service,
                                  budget: TimeSpan(milliseconds: 20))
            guard let samples = pipeline.scripts.workerBaselines(path, "decide", call, iterations: decisions) else {
                throw ValidationError("\(path) did not load for the baseline calls")
            }
            let inWorker = LatencyStats(samples.inWorker), bare = LatencyStats(samples.bare)
            lines.append(String(format: "in-process path (%@; decode ctx, call, encode, inside the worker): p50 %.2f µs, p99 %.2f µs; "
                                + "engine / in-process (p50) = %.1f×", label, inWorker.p50 / 1000, inWorker.p99 / 1000,
                                engineP50[type]! / inWorker.p50))
            lines.append(String(format: "bare CPython call of the same decide (%@): p50 %.3f µs, p99 %.3f µs; engine / bare (p50) = %.1f×",
                                label, bare.p50 / 1000, bare.p99 / 1000, engineP50[type]! / bare.p50))
        }
        return lines
    }

    /// How long a runaway runs before it is stopped (the issue's bound: within twice the
    /// budget). Each trial is a fresh deploy, so the circuit breaker never skips one.
    private func runawayStops(_ project: Project, at t: Int64) throws -> [String] {
        var lines: [String] = []
        for (type, label) in [("spin", "`while True: pass`"), ("stubborn", "a loop catching BaseException"),
                              ("stuck", "one C call (`math.factorial(10**8)`)")] {
            var stops: [UInt64] = []
            var stopped = 0
            for _ in 0..<runaways {
                let pipeline = try EnginePipeline(project: project, consumed: [])
                pipeline.onLog = { if $0.level == .error, $0.message.contains("(budget)") { stopped += 1 } }
                _ = pipeline.scripts.preload("scripts/\(type == "spin" ? "runaway" : type).py", budget: TimeSpan(milliseconds: 20))
                let started = DispatchTime.now().uptimeNanoseconds
                pipeline.submit(Event(ts: t, type: type, params: CELMap([(.string("stuck"), .bool(true))])))
                stops.append(DispatchTime.now().uptimeNanoseconds - started)
            }
            let stats = LatencyStats(stops)
            lines.append(String(format: "runaway %@ (budget 20 ms): stopped after %.1f ms median, %.1f ms max; %d of %d stopped by the budget",
                                label, stats.p50 / 1e6, stats.max / 1e6, stopped, runaways))
        }
        return lines
    }

    /// A worker killed for a script stuck in C, then the next trigger of the same decision:
    /// the warm spare takes over (loads the script, answers). From the kill to that action.
    private func replacements(_ project: Project, at t: Int64) throws -> [String] {
        let pipeline = try EnginePipeline(project: project, consumed: [])
        var actedAt: UInt64 = 0
        pipeline.onDecision = { if !$0.usedFallback { actedAt = DispatchTime.now().uptimeNanoseconds } }
        var gaps: [UInt64] = []
        var time = t
        for _ in 0..<runaways {
            time += 1
            pipeline.submit(Event(ts: time, type: "stuck", params: CELMap([(.string("stuck"), .bool(true))])))
            let killed = DispatchTime.now().uptimeNanoseconds
            actedAt = 0
            time += 1
            pipeline.submit(Event(ts: time, type: "stuck"))
            guard actedAt > killed else { throw ValidationError("the spare did not serve the decision after the kill") }
            gaps.append(actedAt - killed)  // the success resets the circuit breaker
        }
        let stats = LatencyStats(gaps)
        return [String(format: "worker killed → next decision served by the spare (loads the script, answers): %.2f ms median, %.2f ms max",
                       stats.p50 / 1e6, stats.max / 1e6)]
    }
}

/// Error records the pipeline logged (a class: the log callback and the measuring code share it).
final class ErrorLog {
    var messages: [String] = []
}

/// Trigger → script → action latency of one pipeline: from `submit` to its action record.
final class DecisionLatency {
    let pipeline: EnginePipeline
    var t: Int64 = 1_795_255_200_000
    private var actedAt: UInt64 = 0
    private var actions = 0
    private let failures = ErrorLog()

    init(_ pipeline: EnginePipeline) {
        self.pipeline = pipeline
        pipeline.onDecision = { [unowned self] _ in
            actedAt = DispatchTime.now().uptimeNanoseconds
            actions += 1
        }
        pipeline.onLog = { [failures] in if $0.level == .error { failures.messages.append($0.message) } }
    }

    /// Loads the script and warms it up.
    func warmUp(_ type: String) {
        for _ in 0..<2_000 { t += 1; pipeline.submit(Event(ts: t, type: type)) }
    }

    /// Latencies of `decisions` triggers of `type`, and decisions per second.
    func measure(_ type: String, _ label: String, decisions: Int) throws -> (LatencyStats, Double) {
        var samples = [UInt64](repeating: 0, count: decisions)
        let before = actions
        let started = DispatchTime.now().uptimeNanoseconds
        for i in 0..<decisions {
            t += 1
            let event = Event(ts: t, type: type)
            let submitted = DispatchTime.now().uptimeNanoseconds
            pipeline.submit(event)
            samples[i] = actedAt &- submitted
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        guard actions - before == decisions, failures.messages.isEmpty else {
            throw ValidationError("the \(label) did not act on every trigger: \(failures.messages.first ?? "no action")")
        }
        return (LatencyStats(samples), Double(decisions) / seconds)
    }
}

/// Percentiles of nanosecond samples (nearest rank).
struct LatencyStats {
    let p50, p99, p999, max: Double

    init(_ samples: [UInt64]) {
        let sorted = samples.sorted()
        func rank(_ p: Double) -> Double { Double(sorted[min(sorted.count - 1, Int((p * Double(sorted.count)).rounded(.up)) - 1)]) }
        p50 = rank(0.5)
        p99 = rank(0.99)
        p999 = rank(0.999)
        max = Double(sorted.last ?? 0)
    }
}
