import CPythonShim
import ScriptWire

/// The C functions behind the sandbox's `__import__`, `print` and `ctx.log`. They act on the
/// worker's one `ScriptSession` (a worker serves one script, on one thread).
enum NativeFunctions {
    typealias KeywordsFunction = @convention(c) (PyRef?, PyRef?, PyRef?) -> PyRef?
    typealias OneArgumentFunction = @convention(c) (PyRef?, PyRef?) -> PyRef?

    nonisolated(unsafe) static let importDef = define("__import__", importModule, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let printDef = define("print", printToLog, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let logDef = define("log", logRecord, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let emitDef = define("emit", emitOutput, shim_meth_o())

    private static func define<F>(_ name: String, _ function: F, _ flags: Int32) -> UnsafeMutablePointer<PyMethodDef> {
        let def = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: 1)
        shim_method_def(def, strdup(name), unsafeBitCast(function, to: UnsafeMutableRawPointer.self), flags)
        return def
    }

    static func function(_ def: UnsafeMutablePointer<PyMethodDef>) -> PyRef {
        shim_new_function(def, nil)!
    }

    /// `import m` / `from m import x`: allowed modules come back as proxies; anything else,
    /// and relative imports, raise `SandboxViolation`.
    private static let importModule: KeywordsFunction = { _, args, _ in
        guard let session = ScriptSession.current, let args, PyTuple_Size(args) >= 1,
              let nameObject = shim_tuple_item(args, 0), shim_is_exact_unicode(nameObject) != 0,
              let name = swiftString(nameObject) else {
            if PyErr_Occurred() == nil { PyErr_SetString(shim_exc_type_error(), "__import__ expects a module name (a plain str)") }
            return nil
        }
        let level = PyTuple_Size(args) >= 5 ? PyLong_AsLong(shim_tuple_item(args, 4)) : 0
        let violation = session.interpreter.bootstrap.sandboxViolation
        if level != 0 {
            PyErr_SetString(violation, "relative imports are not available in featide scripts")
            return nil
        }
        if let proxy = PyDict_GetItemString(session.proxies, name) { return Py_NewRef(proxy) }
        PyErr_SetString(violation, "import of '\(name)' is not allowed in featide scripts; allowed modules: "
            + "math, statistics, json, re, collections, itertools, functools, random, datetime")
        return nil
    }

    /// `print(*values, sep=' ')` writes one info record to the engine's log.
    private static let printToLog: KeywordsFunction = { _, args, kwargs in
        guard let session = ScriptSession.current, let args else { return nil }
        var separator = " "
        if let kwargs, let sep = PyDict_GetItemString(kwargs, "sep"), shim_is_exact_unicode(sep) != 0, let s = swiftString(sep) {
            separator = s
        }
        var parts: [String] = []
        for i in 0..<PyTuple_Size(args) {
            guard let text = PyObject_Str(shim_tuple_item(args, i)!) else { return nil }
            parts.append(swiftString(text) ?? "")
            Py_DecRef(text)
        }
        guard session.log(level: "info", message: parts.joined(separator: separator), fields: nil) else { return nil }
        return Py_NewRef(shim_none())
    }

    /// `ctx.log(msg, **fields)`: a structured record; `level=` picks its level (default info).
    private static let logRecord: KeywordsFunction = { _, args, kwargs in
        guard let session = ScriptSession.current, let args else { return nil }
        guard PyTuple_Size(args) == 1 else {
            PyErr_SetString(shim_exc_type_error(), "ctx.log(msg, **fields) takes exactly one message")
            return nil
        }
        var level = "info"
        var fields: PyRef?
        if let kwargs, PyDict_Size(kwargs) > 0 {
            fields = PyDict_Copy(kwargs)
            if let chosen = PyDict_GetItemString(kwargs, "level"), shim_is_exact_unicode(chosen) != 0,
               let text = swiftString(chosen), ["debug", "info", "warn", "error"].contains(text) {
                level = text
                PyDict_DelItemString(fields, "level")
            }
        }
        defer { Py_DecRef(fields) }
        guard let text = PyObject_Str(shim_tuple_item(args, 0)!) else { return nil }
        defer { Py_DecRef(text) }
        guard session.log(level: level, message: swiftString(text) ?? "", fields: fields) else { return nil }
        return Py_NewRef(shim_none())
    }

    /// `sys.stdout`/`sys.stderr` of trusted Python code (warnings, mostly): an info record.
    private static let emitOutput: OneArgumentFunction = { _, text in
        guard let text else { return nil }
        ScriptSession.current?.emitTrusted(describePython(text))
        return Py_NewRef(shim_none())
    }
}
