import CPythonShim
import Foundation

extension ScriptRuntime {
    /// A script, loaded on first use: scanned, compiled as its project-relative path, its
    /// top-level code run (under the budget) into fresh globals over the sandbox's builtins.
    func script(at path: String, budget: TimeSpan) -> Result<LoadedScript, ScriptFailure> {
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
        let start = DispatchTime.now().uptimeNanoseconds
        let serial = watchdog.arm(budgetNanoseconds: UInt64(max(budget.milliseconds, 1)) * 1_000_000, from: start)
        watchdog.reaper.arm(caller: "loading", script: path, budget: budget, from: start)
        let ran = PyEval_EvalCode(code, globals, globals)
        watchdog.reaper.disarm()
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
}
