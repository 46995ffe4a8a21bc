import CPythonShim
import Foundation

typealias PyRef = UnsafeMutablePointer<PyObject>

/// The process's one embedded CPython 3.11 (an interpreter cannot be restarted, so engines in
/// one process share it; each engine keeps its own script globals). It is started on the
/// script thread, which keeps the main thread state and takes the GIL only while Python runs.
final class PythonInterpreter: @unchecked Sendable {
    static let shared: PythonInterpreter = ScriptThread.shared.run { PythonInterpreter() }

    /// Objects of the trusted bootstrap (`SandboxBootstrap`), owned for the process lifetime.
    let bootstrap: Bootstrap
    let watchdog: ScriptWatchdog
    private var threadState: UnsafeMutablePointer<PyThreadState>?
    private var gilDepth = 0

    struct Bootstrap {
        let scan, topLevelFunctions, importsModule, makeBuiltins, makeModules: PyRef
        let featureView, featureUnavailable, context, describe, rememberSource, newGlobals, logWriter: PyRef
        let budgetExceeded, sandboxViolation: PyRef
    }

    private init() {
        var pre = PyPreConfig()
        PyPreConfig_InitIsolatedConfig(&pre)
        Self.check(Py_PreInitialize(&pre), "pre-initialise")
        PythonHeapLimit.install()
        var config = PyConfig()
        PyConfig_InitIsolatedConfig(&config)
        config.install_signal_handlers = 0
        config.buffered_stdio = 0
        config.site_import = 0
        withUnsafeMutablePointer(to: &config) { p in
            Self.check(PyConfig_SetBytesString(p, &p.pointee.program_name, "/usr/bin/python3.11"), "configure")
        }
        Self.check(Py_InitializeFromConfig(&config), "initialise")
        PyConfig_Clear(&config)
        // The watchdog waits for the GIL to stop a runaway: keep that wait short.
        PyRun_SimpleString("import sys; sys.setswitchinterval(0.0005)")
        bootstrap = Self.loadBootstrap()
        if let emit = shim_new_function(NativeFunctions.emitDef, nil), let writer = pyCall(bootstrap.logWriter, emit) {
            PySys_SetObject("stdout", writer)
            PySys_SetObject("stderr", writer)
        }
        watchdog = ScriptWatchdog(scriptIdent: PyThread_get_thread_ident(), scriptState: PyThreadState_Get(),
                                  budgetExceeded: bootstrap.budgetExceeded)
        threadState = PyEval_SaveThread()
        watchdog.start()
    }

    private static func check(_ status: PyStatus, _ step: String) {
        guard PyStatus_Exception(status) != 0 else { return }
        let message = status.err_msg.map { String(cString: $0) } ?? "unknown error"
        fatalError("cannot \(step) the embedded Python 3.11: \(message)")
    }

    private static func loadBootstrap() -> Bootstrap {
        let globals = PyDict_New()!
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        guard let code = Py_CompileString(SandboxBootstrap.source, SandboxBootstrap.filename, Py_file_input),
              let result = PyEval_EvalCode(code, globals, globals) else {
            PyErr_Print()
            fatalError("the featide sandbox bootstrap failed to load")
        }
        Py_DecRef(result)
        Py_DecRef(code)
        func get(_ name: String) -> PyRef {
            guard let object = PyDict_GetItemString(globals, name) else { fatalError("bootstrap lacks \(name)") }
            Py_IncRef(object)
            return object
        }
        return Bootstrap(
            scan: get("scan"), topLevelFunctions: get("top_level_functions"), importsModule: get("imports_module"),
            makeBuiltins: get("make_builtins"), makeModules: get("make_modules"), featureView: get("FeatureView"),
            featureUnavailable: get("FeatureUnavailable"), context: get("Context"), describe: get("describe"),
            rememberSource: get("remember_source"), newGlobals: get("new_globals"), logWriter: get("LogWriter"),
            budgetExceeded: get("BudgetExceeded"), sandboxViolation: get("SandboxViolation"))
    }

    /// Runs `body` on the script thread holding the GIL (re-entrant).
    func withGIL<T>(_ body: () -> T) -> T {
        ScriptThread.shared.run {
            if gilDepth == 0 { PyEval_RestoreThread(threadState) }
            gilDepth += 1
            defer {
                gilDepth -= 1
                if gilDepth == 0 { threadState = PyEval_SaveThread() }
            }
            return body()
        }
    }
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
    return s.withUTF8 { PyUnicode_FromStringAndSize(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), $0.count) }
}

/// A Swift string from a Python str (nil if it is not one).
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
