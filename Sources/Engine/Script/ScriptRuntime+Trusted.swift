import CPythonShim

extension ScriptRuntime {
    /// Runs trusted Python (real builtins) with this runtime's module proxies bound to a name,
    /// and returns `repr` of a variable. For tests that audit the sandbox from the inside.
    func runTrustedForTests(_ source: String, proxiesAs name: String, result variable: String) -> String? {
        _ = preload("<none>", budget: TimeSpan(milliseconds: 1))
        let box = UncheckedBox { () -> String? in
            guard let host = self.host, let globals = PyDict_New() else { return nil }
            defer { Py_DecRef(globals) }
            PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
            PyDict_SetItemString(globals, name, host.proxies)
            guard let ran = PyRun_String(source, Py_file_input, globals, globals) else { PyErr_Print(); return nil }
            Py_DecRef(ran)
            guard let value = PyDict_GetItemString(globals, variable), let text = PyObject_Repr(value) else { return nil }
            defer { Py_DecRef(text) }
            return swiftString(text)
        }
        return PythonInterpreter.shared.withGIL { box.value() }
    }
}
