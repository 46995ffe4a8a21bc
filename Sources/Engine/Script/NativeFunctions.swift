import CPythonShim
import Foundation

/// The C functions behind the sandbox's `__import__`, `print`, `ctx.log` and the features
/// permission check. Each gets its `ScriptHost` through a capsule as `self`.
enum NativeFunctions {
    typealias KeywordsFunction = @convention(c) (PyRef?, PyRef?, PyRef?) -> PyRef?
    typealias OneArgumentFunction = @convention(c) (PyRef?, PyRef?) -> PyRef?

    nonisolated(unsafe) static let importDef = define("__import__", importModule, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let printDef = define("print", printToLog, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let logDef = define("log", logRecord, shim_meth_varargs_keywords())
    nonisolated(unsafe) static let denyDef = define("deny", denyFeature, shim_meth_o())
    nonisolated(unsafe) static let emitDef = define("emit", emitOutput, shim_meth_o())

    private static func define<F>(_ name: String, _ function: F, _ flags: Int32) -> UnsafeMutablePointer<PyMethodDef> {
        let def = UnsafeMutablePointer<PyMethodDef>.allocate(capacity: 1)
        shim_method_def(def, strdup(name), unsafeBitCast(function, to: UnsafeMutableRawPointer.self), flags)
        return def
    }

    /// `import m` / `from m import x`: allowed modules come back as proxies; anything else,
    /// and relative imports, raise `SandboxViolation`.
    private static let importModule: KeywordsFunction = { capsule, args, _ in
        guard let host = HostReference.host(capsule), let args, PyTuple_Size(args) >= 1,
              let name = swiftString(shim_tuple_item(args, 0)!) else {
            if PyErr_Occurred() == nil { PyErr_SetString(shim_exc_type_error(), "__import__ expects a module name") }
            return nil
        }
        let level = PyTuple_Size(args) >= 5 ? PyLong_AsLong(shim_tuple_item(args, 4)) : 0
        let violation = PythonInterpreter.shared.bootstrap.sandboxViolation
        if level != 0 {
            PyErr_SetString(violation, "relative imports are not available in featide scripts")
            return nil
        }
        if let proxy = PyDict_GetItemString(host.proxies, name) { return Py_NewRef(proxy) }
        PyErr_SetString(violation, "import of '\(name)' is not allowed in featide scripts; allowed modules: "
            + "math, statistics, json, re, collections, itertools, functools, random, datetime")
        return nil
    }

    /// `print(*values, sep=' ')` writes one info record to the engine's log.
    private static let printToLog: KeywordsFunction = { capsule, args, kwargs in
        guard let host = HostReference.host(capsule), let args else { return nil }
        var separator = " "
        if let kwargs, let sep = PyDict_GetItemString(kwargs, "sep"), let s = swiftString(sep) { separator = s }
        let parts = (0..<PyTuple_Size(args)).map { describePython(shim_tuple_item(args, $0)!) }
        host.write(level: .info, message: parts.joined(separator: separator))
        return Py_NewRef(shim_none())
    }

    /// `ctx.log(msg, **fields)`: a structured record; `level=` picks its level (default info).
    private static let logRecord: KeywordsFunction = { capsule, args, kwargs in
        guard let host = HostReference.host(capsule), let args else { return nil }
        guard PyTuple_Size(args) == 1 else {
            PyErr_SetString(shim_exc_type_error(), "ctx.log(msg, **fields) takes exactly one message")
            return nil
        }
        var level = LogRecord.Level.info
        var fields = CELMap()
        if let kwargs {
            var position = 0
            var key: PyRef?
            var value: PyRef?
            while PyDict_Next(kwargs, &position, &key, &value) != 0 {
                let name = swiftString(key!) ?? "?"
                if name == "level", let text = swiftString(value!), let chosen = LogRecord.Level(rawValue: text) {
                    level = chosen
                    continue
                }
                switch PythonValues.value(value!) {
                case .success(let v): fields[.string(name)] = v
                case .failure: fields[.string(name)] = .string(describePython(value!))
                }
            }
        }
        host.write(level: level, message: describePython(shim_tuple_item(args, 0)!), fields: fields)
        return Py_NewRef(shim_none())
    }

    /// The message of the `PermissionError` for reading an undeclared feature, from the
    /// feature service (the one place that decides who may read what).
    private static let denyFeature: OneArgumentFunction = { capsule, name in
        guard let host = HostReference.host(capsule), let name else { return nil }
        let feature = swiftString(name) ?? describePython(name)
        guard let service = host.scope?.service, !service.inputs.contains(feature) else {
            return pyString("feature '\(feature)' was not provided to this script")
        }
        switch service.query(feature, at: host.scope!.ts) {
        case .failure(let denied): return pyString(denied.message)
        case .success: return pyString("'\(feature)' is declared but was not provided")
        }
    }

    /// `sys.stdout`/`sys.stderr` of trusted Python code.
    private static let emitOutput: OneArgumentFunction = { _, text in
        guard let text else { return nil }
        let message = describePython(text)
        if let host = ScriptHost.running {
            host.emit(LogRecord(ts: host.scope?.ts ?? 0, level: .info, source: "python", message: message))
        } else {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
        return Py_NewRef(shim_none())
    }
}
