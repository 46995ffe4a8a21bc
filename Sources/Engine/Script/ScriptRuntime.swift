import CPythonShim
import Foundation

/// One engine's scripts: loads them into the sandbox on first use (compiled with their
/// project-relative names, so tracebacks say `scripts/coupon.py:14`) and invokes
/// `decide(ctx)`, `compute(ctx)` or `post(value, ctx)` under a time budget.
/// Every invocation runs on the script thread; a failure is a value, never a crash.
public final class ScriptRuntime {
    public let root: String
    /// Log records written by scripts (`ctx.log`, `print`).
    public var onLog: (LogRecord) -> Void = { _ in }
    private(set) var host: ScriptHost?
    var scripts: [String: Result<LoadedScript, ScriptFailure>] = [:]
    /// `ts`, `type`, ... interned once, the keys of every `ctx.event`.
    var eventKeys: [PyRef] = []

    public init(root: String) {
        self.root = root
    }

    deinit {
        let host = host, scripts = scripts, keys = eventKeys
        guard host != nil else { return }
        let release = UncheckedBox {
            host?.release()
            for case .success(let script) in scripts.values { script.release() }
            for key in keys { Py_DecRef(key) }
        }
        PythonInterpreter.shared.withGIL { release.value() }
    }

    /// Calls `function` of the script at `path` (`value` first for `post`).
    public func invoke(_ path: String, _ function: String, value: CELValue? = nil, _ call: ScriptCall) -> ScriptOutcome {
        PythonInterpreter.shared.withGIL { invokeHoldingGIL(path, function, value, call) }
    }

    /// Loads a script ahead of its first call; nil if it loaded.
    public func preload(_ path: String, budget: TimeSpan) -> ScriptFailure? {
        let box = UncheckedBox { () -> ScriptFailure? in
            if case .failure(let failure) = self.script(at: path, budget: budget) { return failure }
            return nil
        }
        return PythonInterpreter.shared.withGIL { box.value() }
    }

    private func invokeHoldingGIL(_ path: String, _ function: String, _ value: CELValue?, _ call: ScriptCall) -> ScriptOutcome {
        var start = DispatchTime.now().uptimeNanoseconds
        let host = hostForScripts()
        host.scope = ScriptHost.Scope(caller: call.caller, ts: call.ts, service: call.service)
        ScriptHost.running = host
        defer {
            host.scope = nil
            ScriptHost.running = nil
        }
        func outcome(_ result: Result<CELValue, ScriptFailure>) -> ScriptOutcome {
            ScriptOutcome(result: result, elapsedNanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        }
        let script: LoadedScript
        switch self.script(at: path, budget: call.budget) {
        case .success(let loaded): script = loaded
        case .failure(let failure): return outcome(.failure(failure))
        }
        guard let callable = script.function(named: function) else {
            let signature = value == nil ? "\(function)(ctx)" : "\(function)(value, ctx)"
            return outcome(.failure(ScriptFailure(reason: .load, script: path, line: 0, column: nil,
                                                  message: "\(path) defines no \(signature)", traceback: nil)))
        }
        // The budget is the call's: a first call's loading (under its own budget) does not count.
        start = DispatchTime.now().uptimeNanoseconds
        let watchdog = PythonInterpreter.shared.watchdog
        let serial = watchdog.arm(budgetNanoseconds: UInt64(max(call.budget.milliseconds, 1)) * 1_000_000, from: start)
        watchdog.reaper.arm(caller: call.caller, script: path, budget: call.budget, from: start)
        var result: PyRef?
        if script.usesRandom { reseed(call.seed) }
        if let ctx = makeContext(call, host) {
            if let value {
                if let argument = PythonValues.object(value) {
                    result = pyCall(callable, argument, ctx)
                    Py_DecRef(argument)
                }
            } else {
                result = pyCall(callable, ctx)
            }
            Py_DecRef(ctx)
        }
        watchdog.reaper.disarm()
        let stopped = watchdog.disarm(serial)
        guard let result, !stopped else {
            Py_DecRef(result)
            let failure = ScriptErrors.capture(script: path, stopped: stopped, budget: call.budget)
            return outcome(.failure(failure))
        }
        defer { Py_DecRef(result) }
        switch PythonValues.value(result) {
        case .success(let converted): return outcome(.success(converted))
        case .failure(let error):
            return outcome(.failure(ScriptFailure(reason: .result, script: path, line: 0, column: nil,
                                                  message: "\(function) returned a value the engine cannot use: \(error.description)", traceback: nil)))
        }
    }

    func hostForScripts() -> ScriptHost {
        if let host { return host }
        let created = ScriptHost(emit: { [weak self] record in self?.onLog(record) })
        host = created
        eventKeys = EventField.allCases.map { PyUnicode_InternFromString($0.rawValue)! }
        return created
    }

    private func reseed(_ seed: UInt64) {
        guard let host, let number = PyLong_FromUnsignedLongLong(seed) else { return }
        Py_DecRef(pyCall(host.seedRandom, number))
        Py_DecRef(number)
    }
}

/// Lets a closure that is only ever run while its caller waits cross to the script thread.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
