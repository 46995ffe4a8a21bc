import CPythonShim

/// One engine's side of the sandbox inside the shared interpreter: the whitelisted builtins
/// and module proxies its scripts see, and the native functions (`__import__`, `print`,
/// `ctx.log`, the features permission check) that report back to this engine.
final class ScriptHost {
    /// What the invocation in progress is, so native functions can log and check permissions.
    struct Scope {
        var caller: String
        var ts: Int64
        var service: FeatureService?
    }

    var scope: Scope?
    let emit: (LogRecord) -> Void
    /// Owned references, released with the host.
    let builtins: PyRef
    let proxies: PyRef
    let seedRandom: PyRef
    let log: PyRef
    let deny: PyRef

    /// The host whose script runs now: `sys.stdout` of trusted code reports there. Set and
    /// cleared around each invocation on the script thread (a strong reference: cheaper than weak).
    nonisolated(unsafe) static var running: ScriptHost?

    /// Call holding the GIL.
    init(emit: @escaping (LogRecord) -> Void) {
        self.emit = emit
        let interpreter = PythonInterpreter.shared
        let bootstrap = interpreter.bootstrap
        let capsule = HostReference.capsule()
        guard let modules = pyCall(bootstrap.makeModules),
              let importFunction = shim_new_function(NativeFunctions.importDef, capsule),
              let printFunction = shim_new_function(NativeFunctions.printDef, capsule),
              let logFunction = shim_new_function(NativeFunctions.logDef, capsule),
              let denyFunction = shim_new_function(NativeFunctions.denyDef, capsule),
              let builtins = pyCall(bootstrap.makeBuiltins, importFunction, printFunction)
        else {
            PyErr_Print()
            fatalError("cannot build the script sandbox")
        }
        Py_DecRef(importFunction)
        Py_DecRef(printFunction)
        self.builtins = builtins
        proxies = Py_NewRef(shim_tuple_item(modules, 0))
        seedRandom = PyObject_GetAttrString(shim_tuple_item(modules, 1), "seed")!
        Py_DecRef(modules)
        log = logFunction
        deny = denyFunction
        HostReference.bind(capsule, to: self)
        Py_DecRef(capsule)
    }

    func release() {
        for object in [builtins, proxies, seedRandom, log, deny] { Py_DecRef(object) }
    }

    /// `script:scripts/x.py:14` for the Python line running now.
    static func currentSource() -> String {
        guard let frame = PyEval_GetFrame() else { return "script" }
        let line = PyFrame_GetLineNumber(frame)
        guard let code = PyFrame_GetCode(frame) else { return "script" }
        defer { Py_DecRef(UnsafeMutableRawPointer(code).assumingMemoryBound(to: PyObject.self)) }
        let file = swiftString(code.pointee.co_filename) ?? "?"
        return "script:\(file):\(line)"
    }

    func write(level: LogRecord.Level, message: String, fields: CELMap = CELMap()) {
        emit(LogRecord(ts: scope?.ts ?? 0, level: level, source: Self.currentSource(), message: message, fields: fields))
    }
}

/// What a native function's capsule points at: the host, weakly, so functions a script kept
/// alive past its engine fail cleanly instead of touching a freed host.
final class HostReference {
    weak var host: ScriptHost?
    nonisolated(unsafe) static let capsuleName = strdup("featide.host")!

    static func capsule() -> PyRef {
        let reference = Unmanaged.passRetained(HostReference()).toOpaque()
        return PyCapsule_New(reference, capsuleName, { capsule in
            guard let capsule, let pointer = PyCapsule_GetPointer(capsule, HostReference.capsuleName) else { return }
            Unmanaged<HostReference>.fromOpaque(pointer).release()
        })!
    }

    static func bind(_ capsule: PyRef, to host: ScriptHost) {
        reference(capsule)?.host = host
    }

    static func reference(_ capsule: PyRef?) -> HostReference? {
        guard let capsule, let pointer = PyCapsule_GetPointer(capsule, capsuleName) else { return nil }
        return Unmanaged<HostReference>.fromOpaque(pointer).takeUnretainedValue()
    }

    static func host(_ capsule: PyRef?) -> ScriptHost? {
        if let host = reference(capsule)?.host { return host }
        PyErr_SetString(shim_exc_runtime_error(), "this engine has shut down")
        return nil
    }
}
