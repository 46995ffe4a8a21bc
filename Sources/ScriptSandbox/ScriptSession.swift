import CPythonShim
import ScriptWire

/// Everything a worker holds for the one script it serves: the sandbox (builtins, module
/// proxies, seeded `random`), the loaded script, and the call in progress, whose log records
/// go to the engine as they are written.
final class ScriptSession {
    /// The worker's session (one per process, used on its main thread only).
    nonisolated(unsafe) static var current: ScriptSession?

    let interpreter: PythonInterpreter
    let unguarded: Bool
    /// Owned for the worker's lifetime.
    let proxies: PyRef
    let builtins: PyRef
    let seedRandom: PyRef
    let logFunction: PyRef
    private(set) var script: LoadedScript?
    /// The outgoing frame buffer and the channel it goes to.
    var out = WireWriter(capacity: 4096)
    let channel: Int32
    /// Log records written by the call in progress.
    private var logCount = 0
    private var logBuffer = WireWriter(capacity: 256)

    init(interpreter: PythonInterpreter, unguarded: Bool, channel: Int32) {
        self.interpreter = interpreter
        self.unguarded = unguarded
        self.channel = channel
        let bootstrap = interpreter.bootstrap
        guard let modules = pyCall(bootstrap.makeModules),
              let builtins = pyCall(bootstrap.makeBuiltins, NativeFunctions.function(NativeFunctions.importDef),
                                    NativeFunctions.function(NativeFunctions.printDef)),
              let classes = pyCall(bootstrap.classesToFreeze, shim_tuple_item(modules, 0)),
              let preloaded = pyCall(bootstrap.preloadLazyImports)
        else {
            PyErr_Print()
            fatal("cannot build the script sandbox")
        }
        Py_DecRef(preloaded)
        for i in 0..<PyList_Size(classes) {
            let cls = shim_list_item(classes, i)!
            if shim_is_type(cls) != 0 { shim_make_type_immutable(cls) }
        }
        Py_DecRef(classes)
        proxies = Py_NewRef(shim_tuple_item(modules, 0))
        seedRandom = PyObject_GetAttrString(shim_tuple_item(modules, 1), "seed")!
        Py_DecRef(modules)
        self.builtins = builtins
        logFunction = NativeFunctions.function(NativeFunctions.logDef)
        if let writer = pyCall(bootstrap.logWriter, NativeFunctions.function(NativeFunctions.emitDef)) {
            PySys_SetObject("stdout", writer)
            PySys_SetObject("stderr", writer)
            Py_DecRef(writer)
        }
        if unguarded {
            // The test-only worker without the Python layer: give an escaped script the
            // modules it would use, so the tests show the kernel refusing, not a failed import.
            PyRun_SimpleString("import os, socket, subprocess")
        }
    }

    func send() -> Bool {
        defer { out.reset() }
        return WireSocket.send(channel, out.bytes)
    }

    // MARK: loading

    /// Scans, compiles and runs the top level of `source` (the worker's only script).
    func load(path: String, source: String, stops: StopListener, serial: UInt64) -> WorkerFailure? {
        let bootstrap = interpreter.bootstrap
        if !unguarded, let rejection = Self.scan(source: source, path: path, bootstrap).findings.first {
            return rejection
        }
        let pySource = pyString(source), pyPath = pyString(path)
        defer { Py_DecRef(pySource); Py_DecRef(pyPath) }
        Py_DecRef(pyCall(bootstrap.rememberSource, pyPath, pySource))
        guard let code = Py_CompileString(source, path, Py_file_input) else {
            return ScriptErrors.capture(script: path, bootstrap: bootstrap, stopped: false, capHit: false)
        }
        defer { Py_DecRef(code) }
        let filename = PyObject_GetAttrString(code, "co_filename")!
        let moduleName = pyString(LoadedScript.moduleName(of: path))
        defer { Py_DecRef(moduleName) }
        let globals: PyRef?
        if unguarded {
            globals = PyDict_New()
            PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
            PyDict_SetItemString(globals, "__name__", moduleName)
        } else {
            globals = pyCall(bootstrap.newGlobals, builtins, moduleName)
        }
        guard let globals else { return ScriptErrors.capture(script: path, bootstrap: bootstrap, stopped: false, capHit: false) }
        // Breakpoints asked for before the script loaded bind now, before its top level runs.
        WorkerDebugger.shared?.attach(code: code, filename: filename, globals: globals)
        // Top-level code may loop too: the engine's budget covers the load.
        let refusals = PythonHeapLimit.refusals.load(ordering: .relaxed)
        stops.arm(serial, filename: filename)
        let ran = PyEval_EvalCode(code, globals, globals)
        if ran == nil { WorkerDebugger.shared?.stopOnUncaught() }
        WorkerDebugger.shared?.endCall()  // a step does not outlive the top level
        let stopped = stops.disarm(serial)
        guard let ran, !stopped else {
            Py_DecRef(ran)
            Py_DecRef(globals)
            return ScriptErrors.capture(script: path, bootstrap: bootstrap, stopped: stopped,
                                        capHit: PythonHeapLimit.refusals.load(ordering: .relaxed) != refusals)
        }
        Py_DecRef(ran)
        let usesRandom = pyCall(bootstrap.importsModule, pySource, pyString("random")).map { flag in
            defer { Py_DecRef(flag) }
            return flag == shim_true()
        } ?? false
        PyErr_Clear()
        script = LoadedScript(path: path, globals: globals, filename: filename, usesRandom: usesRandom)
        return nil
    }

    /// The load-time scan: rejections at line and column, or the top-level functions.
    static func scan(source: String, path: String, _ bootstrap: PythonInterpreter.Bootstrap) -> (findings: [WorkerFailure], functions: [String]) {
        let pySource = pyString(source), pyPath = pyString(path)
        defer { Py_DecRef(pySource); Py_DecRef(pyPath) }
        guard let list = pyCall(bootstrap.scan, pySource, pyPath) else {
            PyErr_Clear()
            return ([WorkerFailure(reason: .syntax, line: 1, column: 1, message: "cannot parse the script")], [])
        }
        defer { Py_DecRef(list) }
        let findings = (0..<PyList_Size(list)).map { i in
            let entry = shim_list_item(list, i)!
            let kind = swiftString(shim_tuple_item(entry, 2)!)
            return WorkerFailure(reason: kind == "syntax" ? .syntax : .sandbox,
                                 line: PyLong_AsLong(shim_tuple_item(entry, 0)),
                                 column: PyLong_AsLong(shim_tuple_item(entry, 1)),
                                 message: swiftString(shim_tuple_item(entry, 3)!) ?? "")
        }
        guard findings.isEmpty, let names = pyCall(bootstrap.topLevelFunctions, pySource) else {
            PyErr_Clear()
            return (findings, [])
        }
        defer { Py_DecRef(names) }
        return (findings, (0..<PyList_Size(names)).compactMap { swiftString(shim_list_item(names, $0)!) })
    }

    // MARK: logging

    /// Sends one log record of the running call; false (with a Python exception set) when
    /// it is over a limit — the script sees a clear error, the engine's memory stays bounded.
    func log(level: String, message: String, fields: PyRef?) -> Bool {
        guard message.utf8.count <= WireLimits.maximumLogMessage else {
            PyErr_SetString(shim_exc_value_error(), "log message is \(message.utf8.count) bytes; the limit is \(WireLimits.maximumLogMessage)")
            return false
        }
        guard logCount < WireLimits.maximumLogRecords else {
            PyErr_SetString(shim_exc_runtime_error(), "more than \(WireLimits.maximumLogRecords) log records in one call")
            return false
        }
        logCount += 1
        logBuffer.reset()
        logBuffer.beginFrame(.log)
        logBuffer.string(level)
        logBuffer.string(currentSource())
        logBuffer.string(message)
        if let fields {
            if let error = PythonWire.write(fields, to: &logBuffer) {
                PyErr_SetString(shim_exc_type_error(), "ctx.log field \(error.description)")
                return false
            }
        } else {
            logBuffer.tag(.null)
        }
        guard logBuffer.bytes.count <= WireLimits.maximumLogMessage * 4 else {
            PyErr_SetString(shim_exc_value_error(), "log record is \(logBuffer.bytes.count) bytes with its fields; the limit is \(WireLimits.maximumLogMessage * 4)")
            return false
        }
        logBuffer.finishFrame()
        _ = WireSocket.send(channel, logBuffer.bytes)
        return true
    }

    /// Output of trusted Python (a warning while compiling, say).
    func emitTrusted(_ text: String) {
        logBuffer.reset()
        logBuffer.beginFrame(.log)
        logBuffer.string("info")
        logBuffer.string("python")
        logBuffer.string(String(text.prefix(WireLimits.maximumLogMessage)))
        logBuffer.tag(.null)
        logBuffer.finishFrame()
        _ = WireSocket.send(channel, logBuffer.bytes)
    }

    func beginCall() { logCount = 0 }

    /// `script:scripts/x.py:14` for the Python line running now.
    private func currentSource() -> String {
        guard let frame = PyEval_GetFrame() else { return "script" }
        let line = PyFrame_GetLineNumber(frame)
        guard let code = PyFrame_GetCode(frame) else { return "script" }
        defer { Py_DecRef(UnsafeMutableRawPointer(code).assumingMemoryBound(to: PyObject.self)) }
        let file = swiftString(code.pointee.co_filename) ?? "?"
        return "script:\(file):\(line)"
    }

    func reseed(_ seed: UInt64) {
        guard let number = PyLong_FromUnsignedLongLong(seed) else { return }
        Py_DecRef(pyCall(seedRandom, number))
        Py_DecRef(number)
    }
}
