import Foundation
import ScriptWire

/// One engine's scripts. Each script file runs in its own confined worker process (SPEC §7;
/// docs/DECISIONS.md "Script isolation"): loaded on first use — compiled there as its
/// project-relative path, so tracebacks say `scripts/coupon.py:14` — and called with
/// `decide(ctx)`, `compute(ctx)` or `post(value, ctx)` under a time budget the engine keeps.
/// A call over budget is asked to stop; one that does not answer by the hard deadline has
/// its worker killed and replaced by the warm spare. A failure is a value, never a crash.
public final class ScriptRuntime {
    public let root: String
    /// Log records written by scripts (`ctx.log`, `print`) and about their workers.
    public var onLog: (LogRecord) -> Void = { _ in }
    let options: ScriptWorkerSupply.Options
    private(set) var workers: [String: ScriptWorker] = [:]
    /// Scripts that did not load stay failed until the next deploy (a new runtime).
    private var loadFailures: [String: ScriptFailure] = [:]
    private var serial: UInt64 = 0
    var frame = WireWriter(capacity: 1024)
    public internal(set) var metrics = ScriptRuntimeMetrics()
    /// Script debugging (SPEC §10); nil, the default, costs nothing. Set on the engine thread:
    /// a debugger attached while scripts are loaded reaches their workers at once.
    public var debugger: ScriptDebugger? {
        didSet {
            guard debugger !== oldValue else { return }
            oldValue?.release(workers.filter { $0.value.isAlive }.map { ($0.key, $0.value.debugPort) })
            if let debugger { attachLoadedWorkers(to: debugger) }
        }
    }

    public init(root: String) {
        self.root = root
        options = ScriptWorkerSupply.Options()
    }

    init(root: String, options: ScriptWorkerSupply.Options) {
        self.root = root
        self.options = options
    }

    deinit {
        for worker in workers.values { worker.kill() }
    }

    /// Added to a load's budget for scanning and compiling the script.
    static let loadAllowance: UInt64 = 1_000_000_000

    /// The hard deadline: past it a call's worker is killed. Twice the budget plus slack for
    /// the stop to travel (the bound: at most 2× the budget plus a few ms).
    static func hardDeadline(budget: UInt64) -> UInt64 { 2 * budget + 5_000_000 }

    /// Calls `function` of the script at `path` (`value` first for `post`).
    public func invoke(_ path: String, _ function: String, value: CELValue? = nil, _ call: ScriptCall) -> ScriptOutcome {
        var start = MonotonicClock.nanoseconds()
        func outcome(_ result: Result<CELValue, ScriptFailure>) -> ScriptOutcome {
            ScriptOutcome(result: result, elapsedNanoseconds: MonotonicClock.nanoseconds() - start)
        }
        let worker: ScriptWorker
        switch loadedWorker(path, caller: call.caller, ts: call.ts, budget: call.budget) {
        case .success(let loaded): worker = loaded
        case .failure(let failure): return outcome(.failure(failure))
        }
        // The budget is the call's: a first call's loading (under its own budget) does not count.
        start = MonotonicClock.nanoseconds()
        serial &+= 1
        encode(call, function: function, value: value, serial: serial)
        guard worker.send(frame.bytes) else {
            return outcome(.failure(died(worker, path, call, serial, killed: false)))
        }
        return outcome(answer(worker, path, call, serial, start: &start, answer: { (kind: WireMessage, reader: inout WireReader) throws(WireError) -> CELValue in
            guard kind == .result else { throw WireError("expected a result, got \(kind)") }
            return try reader.value()
        }))
    }

    /// Loads a script ahead of its first call; nil if it loaded.
    public func preload(_ path: String, budget: TimeSpan) -> ScriptFailure? {
        if case .failure(let failure) = loadedWorker(path, caller: "loading", ts: 0, budget: budget) { return failure }
        return nil
    }

    func loadedWorkerForBench(_ path: String) -> ScriptWorker? { workers[path] }

    /// The pid of the worker serving `path` (tests kill it from outside).
    func workerProcessID(of path: String) -> pid_t? { workers[path]?.pid }

    private func loadedWorker(_ path: String, caller: String, ts: Int64, budget: TimeSpan) -> Result<ScriptWorker, ScriptFailure> {
        if let worker = workers[path], worker.isAlive { return .success(worker) }
        if let failure = loadFailures[path] { return .failure(failure) }
        let started = MonotonicClock.nanoseconds()
        defer { metrics.loadNanoseconds += MonotonicClock.nanoseconds() - started }
        let file = URL(fileURLWithPath: root).appendingPathComponent(path).path
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            return .failure(ScriptFailure(reason: .load, script: path, line: 0, column: nil, message: "cannot read \(path)", traceback: nil))
        }
        let worker: ScriptWorker
        do {
            worker = try ScriptWorkerSupply.take(options)
        } catch {
            return .failure(ScriptFailure(reason: .load, script: path, line: 0, column: nil, message: error.description, traceback: nil))
        }
        metrics.workersStarted += 1
        debugger?.workerStarting(file: path, port: worker.debugPort)
        serial &+= 1
        frame.reset()
        frame.beginFrame(.load)
        frame.u64(serial)
        frame.string(path)
        frame.string(source)
        frame.finishFrame()
        let call = ScriptCall(caller: caller, ts: ts, budget: budget)
        let loaded: Result<Void, ScriptFailure>
        if worker.send(frame.bytes) {
            // The scan and the compile are the engine's work, not the script's: its budget
            // starts after an allowance for them (top-level code that never ends still stops).
            var start = MonotonicClock.nanoseconds() + Self.loadAllowance
            loaded = answer(worker, path, call, serial, start: &start, answer: { (kind: WireMessage, _: inout WireReader) throws(WireError) in
                guard kind == .loaded else { throw WireError("expected loaded, got \(kind)") }
            })
        } else {
            loaded = .failure(died(worker, path, call, serial, killed: false))
        }
        switch loaded {
        case .success:
            workers[path] = worker
            return .success(worker)
        case .failure(let failure):
            worker.kill()
            // A worker that died while loading says nothing about the script: try again next time.
            if failure.reason != .crash { loadFailures[path] = failure }
            return .failure(failure)
        }
    }

    /// Waits for the answer to request `serial`: log records as they come, then the result or
    /// a failure. Past the budget it asks for a stop; past the hard deadline it kills. Time
    /// stopped in the debugger does not count: `start` moves on by it.
    private func answer<T>(_ worker: ScriptWorker, _ path: String, _ call: ScriptCall, _ serial: UInt64, start: inout UInt64,
                          answer: (WireMessage, inout WireReader) throws(WireError) -> T) -> Result<T, ScriptFailure> {
        var clock = CallClock(start: start, budget: UInt64(max(call.budget.milliseconds, 1)) * 1_000_000)
        defer {
            start = clock.start
            // A worker that died while stopped ends its stop too.
            if clock.stoppedAt != nil { debugger?.resumed() }
        }
        while true {
            switch worker.next(until: clock.deadline) {
            case .timedOut:
                if !clock.stopRequested {
                    clock.stopRequested = true
                    metrics.stopsRequested += 1
                    worker.requestStop(serial)
                    continue
                }
                return .failure(died(worker, path, call, serial, killed: true))
            case .gone:
                return .failure(died(worker, path, call, serial, killed: false))
            case .frame(let raw, let payload):
                guard let kind = WireMessage(rawValue: raw) else {
                    // Only a debugged worker sends these (stopped, resumed, breakpoints bound).
                    switch worker.read(payload, { reader throws(WireError) in try Self.debugEvent(raw, &reader) }) {
                    case .success(let event?):
                        handle(event, worker, path, &clock)
                        continue
                    default:
                        return .failure(died(worker, path, call, serial, killed: false))
                    }
                }
                let decoded = worker.read(payload) { reader throws(WireError) -> Result<T, ScriptFailure>? in
                    switch kind {
                    case .log:
                        let record = try Self.logRecord(&reader, ts: call.ts)
                        self.onLog(record)
                        // A logpoint's message also goes to the debugger's client.
                        if record.source.hasPrefix("debug:"), let hook = self.debugger?.hook { hook.logpoint(record) }
                        return nil
                    case .failure:
                        var failure = try Self.failure(&reader, path: path, budget: call.budget)
                        if failure.reason == .budget, failure.line == 0 { failure.line = worker.lineSeen(for: serial) }
                        return .failure(failure)
                    default:
                        return .success(try answer(kind, &reader))
                    }
                }
                switch decoded {
                case .success(nil): continue
                case .success(let result?): return result
                case .failure(let error):
                    return .failure(died(worker, path, call, serial, killed: false, why: "sent a malformed answer (\(error))"))
                }
            }
        }
    }

    /// The worker is gone or being put down: kill it (if it is not dead yet), forget it, and
    /// say what happened at the line it was last seen on.
    private func died(_ worker: ScriptWorker, _ path: String, _ call: ScriptCall, _ serial: UInt64, killed: Bool,
                      why: String? = nil) -> ScriptFailure {
        // The line first: killing closes the control socket it arrives on. The worker's stop
        // listener sends it as soon as the stop arrives (a budget before the kill); a few ms
        // more for one still on its way, so the hard deadline stays 2× budget plus a few ms.
        let line = worker.lineSeen(for: serial, waiting: killed ? 5_000_000 : 0)
        // Killed either way: a worker that closed its channel may still be running.
        let ending = worker.kill()
        if workers[path] === worker { workers[path] = nil }
        if killed {
            metrics.budgetKills += 1
            return ScriptFailure(reason: .budget, script: path, line: line, column: nil,
                                 message: "ran over its time budget of \(call.budget) and did not stop; its worker process was killed",
                                 traceback: nil)
        }
        metrics.crashes += 1
        return ScriptFailure(reason: .crash, script: path, line: line, column: nil,
                             message: "the worker process running it \(why ?? ending); it was replaced", traceback: nil)
    }
}

/// What happened to an engine's script workers.
public struct ScriptRuntimeMetrics: Sendable {
    public var workersStarted = 0
    public var stopsRequested = 0
    public var budgetKills = 0
    public var crashes = 0
    /// Time spent starting workers and loading scripts (once per script, not per event).
    public var loadNanoseconds: UInt64 = 0
    /// Times a script stopped in the debugger.
    public var debugStops = 0
}
