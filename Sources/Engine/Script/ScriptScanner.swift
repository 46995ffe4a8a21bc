import CPythonShim

/// The load-time half of the sandbox: parses a script and rejects double-underscore names and
/// attributes, and frame/traceback attributes, each at its file:line:col. `featide check`
/// reports these; the runtime refuses to load such a script.
public enum ScriptScanner {
    /// Every rejection in `source` (a syntax error alone if it does not parse).
    public static func scan(source: String, path: String) -> [ScriptFailure] {
        PythonInterpreter.shared.withGIL { scanHoldingGIL(source: source, path: path) }
    }

    /// The names of the script's top-level functions (nil if it does not parse).
    public static func topLevelFunctions(source: String) -> [String]? {
        PythonInterpreter.shared.withGIL {
            let pySource = pyString(source)
            defer { Py_DecRef(pySource) }
            guard let list = pyCall(PythonInterpreter.shared.bootstrap.topLevelFunctions, pySource) else {
                PyErr_Clear()
                return nil
            }
            defer { Py_DecRef(list) }
            return (0..<PyList_Size(list)).compactMap { swiftString(shim_list_item(list, $0)!) }
        }
    }

    static func scanHoldingGIL(source: String, path: String) -> [ScriptFailure] {
        let pySource = pyString(source), pyPath = pyString(path)
        defer { Py_DecRef(pySource); Py_DecRef(pyPath) }
        guard let list = pyCall(PythonInterpreter.shared.bootstrap.scan, pySource, pyPath) else {
            PyErr_Clear()
            return [ScriptFailure(reason: .syntax, script: path, line: 1, column: 1,
                                  message: "cannot parse the script", traceback: nil)]
        }
        defer { Py_DecRef(list) }
        return (0..<PyList_Size(list)).map { i in
            let entry = shim_list_item(list, i)!
            let kind = swiftString(shim_tuple_item(entry, 2)!)
            return ScriptFailure(reason: kind == "syntax" ? .syntax : .sandbox, script: path,
                                 line: PyLong_AsLong(shim_tuple_item(entry, 0)),
                                 column: PyLong_AsLong(shim_tuple_item(entry, 1)),
                                 message: swiftString(shim_tuple_item(entry, 3)!) ?? "", traceback: nil)
        }
    }
}
