import CPythonShim

public typealias PyRef = UnsafeMutablePointer<PyObject>

/// The worker's one embedded CPython 3.11, started on the worker's main thread (which runs
/// every script) with an isolated config: no `site`, no signal handlers, no environment.
final class PythonInterpreter {
    /// Objects of the trusted bootstrap (`SandboxBootstrap`), owned for the worker's lifetime.
    let bootstrap: Bootstrap
    /// The main thread's state: the stop listener raises into it and samples its line.
    let mainState: UnsafeMutablePointer<PyThreadState>
    let mainIdent: UInt

    struct Bootstrap {
        let scan, topLevelFunctions, importsModule, makeBuiltins, makeModules, classesToFreeze: PyRef
        let preloadLazyImports, featureView, featureUnavailable, context, describe, rememberSource: PyRef
        let newGlobals, logWriter, budgetExceeded, sandboxViolation: PyRef
        /// The debugger's trusted half (`DebugBootstrap`).
        let debugger, liveStop, postMortemStop, exceptionText: PyRef
    }

    /// Starts Python with its heap capped at `heapLimit` bytes. Fatal on failure: a worker
    /// that cannot start Python is of no use, and the engine sees it exit.
    init(heapLimit: Int) {
        var pre = PyPreConfig()
        PyPreConfig_InitIsolatedConfig(&pre)
        Self.check(Py_PreInitialize(&pre), "pre-initialise")
        PythonHeapLimit.limit = heapLimit
        PythonHeapLimit.install()
        var config = PyConfig()
        PyConfig_InitIsolatedConfig(&config)
        config.install_signal_handlers = 0
        config.buffered_stdio = 0
        config.site_import = 0
        config.write_bytecode = 0
        withUnsafeMutablePointer(to: &config) { p in
            Self.check(PyConfig_SetBytesString(p, &p.pointee.program_name, "/usr/bin/python3.11"), "configure")
        }
        Self.check(Py_InitializeFromConfig(&config), "initialise")
        PyConfig_Clear(&config)
        // The stop listener waits for the GIL to stop a runaway: keep that wait short.
        PyRun_SimpleString("import sys; sys.setswitchinterval(0.0005)")
        bootstrap = Self.loadBootstrap()
        mainState = PyThreadState_Get()
        mainIdent = PyThread_get_thread_ident()
    }

    private static func check(_ status: PyStatus, _ step: String) {
        guard PyStatus_Exception(status) != 0 else { return }
        let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
        fatal("cannot \(step) the embedded Python 3.11: \(message)")
    }

    private static func loadBootstrap() -> Bootstrap {
        let globals = PyDict_New()!
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let code = Py_CompileString(SandboxBootstrap.source, SandboxBootstrap.filename, Py_file_input),
              let result = PyEval_EvalCode(code, globals, globals) else {
            PyErr_Print()
            fatal("the featide sandbox bootstrap failed to load")
        }
        Py_DecRef(result)
        Py_DecRef(code)
        for (source, filename) in [(DebugBootstrap.source, DebugBootstrap.filename), (DebugInspection.source, DebugInspection.filename)] {
            guard let debugCode = Py_CompileString(source, filename, Py_file_input),
                  let debugResult = PyEval_EvalCode(debugCode, globals, globals) else {
                PyErr_Print()
                fatal("the featide debugger bootstrap failed to load")
            }
            Py_DecRef(debugResult)
            Py_DecRef(debugCode)
        }
        func get(_ name: String) -> PyRef {
            guard let object = PyDict_GetItemString(globals, name) else { fatal("bootstrap lacks \(name)") }
            Py_IncRef(object)
            return object
        }
        return Bootstrap(
            scan: get("scan"), topLevelFunctions: get("top_level_functions"), importsModule: get("imports_module"),
            makeBuiltins: get("make_builtins"), makeModules: get("make_modules"), classesToFreeze: get("classes_to_freeze"),
            preloadLazyImports: get("preload_lazy_imports"), featureView: get("FeatureView"),
            featureUnavailable: get("FeatureUnavailable"), context: get("Context"), describe: get("describe"),
            rememberSource: get("remember_source"), newGlobals: get("new_globals"), logWriter: get("LogWriter"),
            budgetExceeded: get("BudgetExceeded"), sandboxViolation: get("SandboxViolation"),
            debugger: get("Debugger"), liveStop: get("live_stop"), postMortemStop: get("post_mortem_stop"),
            exceptionText: get("exception_text"))
    }
}

/// Ends the worker with a message on its stderr (the engine reports the exit status).
func fatal(_ message: String) -> Never {
    let text = "featide-script-worker: \(message)\n"
    _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    exit(71)
}

/// Calling Python from Swift with borrowed arguments; the result is a new reference or nil
/// with a Python exception set.
@inline(__always)
func pyCall(_ callable: PyRef, _ args: PyRef?...) -> PyRef? {
    args.withUnsafeBufferPointer { buffer in
        PyObject_Vectorcall(callable, buffer.baseAddress, buffer.count, nil)
    }
}

/// A new Python str from a Swift string.
@inline(__always)
func pyString(_ s: String) -> PyRef {
    var s = s
    return s.withUTF8 { pyString($0) }
}

@inline(__always)
func pyString(_ utf8: UnsafeBufferPointer<UInt8>) -> PyRef {
    PyUnicode_FromStringAndSize(UnsafeRawPointer(utf8.baseAddress ?? UnsafePointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self), utf8.count)
}

/// A Swift string from a Python str, subclasses included (nil if it is not one).
func swiftString(_ object: PyRef) -> String? {
    guard shim_is_unicode(object) != 0 else { return nil }
    var size = 0
    guard let utf8 = PyUnicode_AsUTF8AndSize(object, &size) else { PyErr_Clear(); return nil }
    return String(decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
}

/// `str(object)` as a Swift string.
func describePython(_ object: PyRef) -> String {
    guard let text = PyObject_Str(object) else { PyErr_Clear(); return "<unprintable>" }
    defer { Py_DecRef(text) }
    return swiftString(text) ?? "<unprintable>"
}

/// `repr(object)` as a Swift string.
func reprPython(_ object: PyRef) -> String {
    guard let text = PyObject_Repr(object) else { PyErr_Clear(); return "<unprintable>" }
    defer { Py_DecRef(text) }
    return swiftString(text) ?? "<unprintable>"
}
