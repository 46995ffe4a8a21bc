import CPythonShim

/// Turns the Python exception in flight into a `WorkerFailure` naming the script's line.
enum ScriptErrors {
    /// Reads and clears the current exception. `stopped`: the engine's stop fired, whatever was
    /// raised; `capHit`: the heap cap refused an allocation during the call (so a `MemoryError`
    /// is the cap's, not one the script raised itself).
    static func capture(script path: String, bootstrap: PythonInterpreter.Bootstrap, stopped: Bool, capHit: Bool) -> WorkerFailure {
        var type: PyRef?, value: PyRef?, traceback: PyRef?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        if let value, let traceback { PyException_SetTraceback(value, traceback) }
        let line = scriptLine(in: traceback, path: path)
        var failure = WorkerFailure(reason: .exception, line: line)
        if stopped || matches(type, bootstrap.budgetExceeded) {
            failure.reason = .budget
        } else if capHit && matches(type, shim_exc_memory_error()) {
            failure.reason = .memory
            failure.message = "MemoryError: ran into the script memory cap of \(PythonHeapLimit.limit >> 20) MiB"
        } else {
            if matches(type, bootstrap.sandboxViolation) { failure.reason = .sandbox }
            if let value, let described = describe(value, path, bootstrap) {
                if failure.line == 0 { failure.line = described.line }
                failure.message = "\(described.type): \(described.message)"
                failure.traceback = described.text
            } else {
                failure.message = type.map { String(cString: UnsafeMutableRawPointer($0).assumingMemoryBound(to: PyTypeObject.self).pointee.tp_name) } ?? "error"
            }
            if failure.reason == .exception, matches(type, PyExc_SyntaxError_shim()) { failure.reason = .syntax }
        }
        // Dropping the exception frees what the failed frames held (a memory bomb's garbage).
        Py_DecRef(type)
        Py_DecRef(value)
        Py_DecRef(traceback)
        if failure.reason == .memory { PyGC_Collect() }
        PyErr_Clear()
        return failure
    }

    private static func matches(_ type: PyRef?, _ expected: PyRef) -> Bool {
        guard let type else { return false }
        return PyErr_GivenExceptionMatches(type, expected) != 0
    }

    /// The innermost traceback entry in the script's own file, read without allocating
    /// (so it works while the memory cap is hit).
    private static func scriptLine(in traceback: PyRef?, path: String) -> Int {
        var line = 0
        var entry = traceback.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: PyTracebackObject.self) }
        while let tb = entry {
            if let frame = tb.pointee.tb_frame, let code = PyFrame_GetCode(frame) {
                if swiftString(code.pointee.co_filename) == path { line = Int(tb.pointee.tb_lineno) }
                Py_DecRef(UnsafeMutableRawPointer(code).assumingMemoryBound(to: PyObject.self))
            }
            entry = tb.pointee.tb_next
        }
        return line
    }

    private static func describe(_ value: PyRef, _ path: String, _ bootstrap: PythonInterpreter.Bootstrap) -> (line: Int, type: String, message: String, text: String)? {
        let pyPath = pyString(path)
        defer { Py_DecRef(pyPath) }
        guard let tuple = pyCall(bootstrap.describe, value, pyPath) else { PyErr_Clear(); return nil }
        defer { Py_DecRef(tuple) }
        return (PyLong_AsLong(shim_tuple_item(tuple, 0)), swiftString(shim_tuple_item(tuple, 1)!) ?? "",
                swiftString(shim_tuple_item(tuple, 2)!) ?? "", swiftString(shim_tuple_item(tuple, 3)!) ?? "")
    }
}
