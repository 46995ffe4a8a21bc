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
    private var scripts: [String: Result<LoadedScript, ScriptFailure>] = [:]
    private var eventKeys: [PyRef] = []

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
        let start = DispatchTime.now().uptimeNanoseconds
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
        let watchdog = PythonInterpreter.shared.watchdog
        let serial = watchdog.arm(budgetNanoseconds: UInt64(max(call.budget.milliseconds, 1)) * 1_000_000, from: start)
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

    private func hostForScripts() -> ScriptHost {
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

    // MARK: Loading

    private func script(at path: String, budget: TimeSpan) -> Result<LoadedScript, ScriptFailure> {
        if let known = scripts[path] { return known }
        let loaded = load(path, budget: budget)
        scripts[path] = loaded
        return loaded
    }

    private func load(_ path: String, budget: TimeSpan) -> Result<LoadedScript, ScriptFailure> {
        let host = hostForScripts()
        let file = URL(fileURLWithPath: root).appendingPathComponent(path).path
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
            return .failure(ScriptFailure(reason: .load, script: path, line: 0, column: nil,
                                          message: "cannot read \(path)", traceback: nil))
        }
        if let rejection = ScriptScanner.scanHoldingGIL(source: source, path: path).first {
            return .failure(rejection)
        }
        let bootstrap = PythonInterpreter.shared.bootstrap
        let pySource = pyString(source), pyPath = pyString(path)
        defer { Py_DecRef(pySource); Py_DecRef(pyPath) }
        Py_DecRef(pyCall(bootstrap.rememberSource, pyPath, pySource))
        guard let code = Py_CompileString(source, path, Py_file_input) else {
            return .failure(ScriptErrors.capture(script: path, stopped: false, budget: budget))
        }
        defer { Py_DecRef(code) }
        let moduleName = pyString(LoadedScript.moduleName(of: path))
        defer { Py_DecRef(moduleName) }
        guard let globals = pyCall(bootstrap.newGlobals, host.builtins, moduleName) else {
            return .failure(ScriptErrors.capture(script: path, stopped: false, budget: budget))
        }
        // Top-level code runs under the same budget as a call: it may loop too.
        let watchdog = PythonInterpreter.shared.watchdog
        let serial = watchdog.arm(budgetNanoseconds: UInt64(max(budget.milliseconds, 1)) * 1_000_000,
                                  from: DispatchTime.now().uptimeNanoseconds)
        let ran = PyEval_EvalCode(code, globals, globals)
        let stopped = watchdog.disarm(serial)
        guard let ran, !stopped else {
            Py_DecRef(ran)
            Py_DecRef(globals)
            return .failure(ScriptErrors.capture(script: path, stopped: stopped, budget: budget))
        }
        Py_DecRef(ran)
        let usesRandom = pyCall(bootstrap.importsModule, pySource, pyString("random")).map { flag in
            defer { Py_DecRef(flag) }
            return flag == shim_true()
        } ?? false
        PyErr_Clear()
        return .success(LoadedScript(path: path, globals: globals, usesRandom: usesRandom))
    }

    func loadedScript(_ path: String) -> Result<LoadedScript, ScriptFailure>? { scripts[path] }

    func contextObject(_ call: ScriptCall, _ host: ScriptHost) -> PyRef? { makeContext(call, host) }

    // MARK: ctx

    /// `Context(event, match, FeatureView(values, deny), input, device, variant, log)`.
    private func makeContext(_ call: ScriptCall, _ host: ScriptHost) -> PyRef? {
        let bootstrap = PythonInterpreter.shared.bootstrap
        guard let event = call.event.map({ eventObject($0) }) ?? Py_NewRef(shim_none()) else { return nil }
        defer { Py_DecRef(event) }
        guard let match = call.match.map({ PythonValues.object($0) }) ?? Py_NewRef(shim_none()) else { return nil }
        defer { Py_DecRef(match) }
        guard let values = PyDict_New() else { return nil }
        defer { Py_DecRef(values) }
        for (name, value) in call.features {
            let key = pyString(name)
            defer { Py_DecRef(key) }
            let object: PyRef?
            if case .error(let error) = value {
                let message = pyString("feature '\(name)' has no value: \(error.message)")
                object = pyCall(bootstrap.featureUnavailable, message)
                Py_DecRef(message)
            } else {
                object = PythonValues.object(value)
            }
            guard let object else { return nil }
            PyDict_SetItem(values, key, object)
            Py_DecRef(object)
        }
        guard let features = pyCall(bootstrap.featureView, values, host.deny) else { return nil }
        defer { Py_DecRef(features) }
        guard let input = PythonValues.object(.map(call.input)) else { return nil }
        defer { Py_DecRef(input) }
        guard let device = PythonValues.object(.map(call.device)) else { return nil }
        defer { Py_DecRef(device) }
        let variant = call.variant.map(pyString) ?? Py_NewRef(shim_none())!
        defer { Py_DecRef(variant) }
        return pyCall(bootstrap.context, event, match, features, input, device, variant, host.log)
    }

    /// `{ts, type, session, app, scene, page, params}` with interned keys.
    private func eventObject(_ event: Event) -> PyRef? {
        guard let dict = PyDict_New() else { return nil }
        for (i, field) in EventField.allCases.enumerated() {
            guard let value = PythonValues.object(event.value(of: field)) else { Py_DecRef(dict); return nil }
            PyDict_SetItem(dict, eventKeys[i], value)
            Py_DecRef(value)
        }
        return dict
    }
}

/// Lets a closure that is only ever run while its caller waits cross to the script thread.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
