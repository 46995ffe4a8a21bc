import CPythonShim
import ScriptWire

/// The debug socket's requests, served on the debug listener thread holding the GIL. Each
/// answer is `ok, id, fields` or `error, id, message`.
enum DebugRequests {
    /// How long Python run for one request may take (a `repr`, an evaluated expression).
    static let requestDeadline: UInt64 = 1_000_000_000
    nonisolated(unsafe) static var deadline: UInt64 = 0

    struct Refusal: Error {
        var message: String
    }

    static func serve(_ raw: UInt8, _ reader: inout WireReader, _ debugger: WorkerDebugger,
                      into out: inout WireWriter) throws(WireError) {
        let id = try reader.u64()
        guard let kind = WireDebugRequest(rawValue: raw) else { return refuse(id, "unknown debug request \(raw)", into: &out) }
        out.beginFrame(rawKind: WireDebugReply.ok.rawValue)
        out.u64(id)
        deadline = MonotonicClock.nanoseconds() + requestDeadline
        PyEval_SetTrace(requestDeadlineTrace, nil)
        defer { PyEval_SetTrace(nil, nil) }
        do {
            try answer(kind, &reader, debugger, into: &out)
            out.finishFrame()
        } catch let refusal as Refusal {
            refuse(id, refusal.message, into: &out)
        } catch {
            refuse(id, "malformed request: \(error)", into: &out)
        }
    }

    static func refuse(_ id: UInt64, _ message: String, into out: inout WireWriter) {
        out.reset()
        out.beginFrame(rawKind: WireDebugReply.error.rawValue)
        out.u64(id)
        out.string(message)
        out.finishFrame()
    }

    private static func answer(_ kind: WireDebugRequest, _ reader: inout WireReader, _ debugger: WorkerDebugger,
                               into out: inout WireWriter) throws {
        switch kind {
        case .setBreakpoints:
            let requested = PyList_New(0)!  // consumed by `call`
            for _ in 0..<(try reader.u32()) {
                let line = PyLong_FromLongLong(try reader.i64())
                let texts = try (0..<3).map { _ in try reader.optionalString().map(pyString) ?? Py_NewRef(shim_none())! }
                let spec = PyTuple_New(4)!
                shim_tuple_set(spec, 0, line)
                for (i, text) in texts.enumerated() { shim_tuple_set(spec, i + 1, text) }
                PyList_Append(requested, spec)
                Py_DecRef(spec)
            }
            let bound = try call(debugger.python, "set_breakpoints", requested)
            defer { Py_DecRef(bound) }
            debugger.applyBoundLines(shim_tuple_item(bound, 1)!)
            WorkerDebugger.writeStates(shim_tuple_item(bound, 0)!, to: &out)
        case .setExceptionBreakpoints:
            debugger.raised = try reader.bool()
            debugger.uncaught = try reader.bool()
            debugger.updateTrace()
        case .pause, .cancelPause:
            debugger.pauseRequested = kind == .pause
            debugger.updateTrace()
        case .stackTrace:
            let frames = try call(try stopped(debugger), "stack")
            defer { Py_DecRef(frames) }
            out.u32(UInt32(PyList_Size(frames)))
            for i in 0..<PyList_Size(frames) {
                let frame = shim_list_item(frames, i)!
                out.i64(Int64(PyLong_AsLong(shim_tuple_item(frame, 0))))
                out.string(swiftString(shim_tuple_item(frame, 1)!) ?? "?")
                out.i64(Int64(PyLong_AsLong(shim_tuple_item(frame, 2))))
            }
        case .scopes:
            let scopes = try call(try stopped(debugger), "scopes", number(try reader.i64()))
            defer { Py_DecRef(scopes) }
            out.u32(UInt32(PyList_Size(scopes)))
            for i in 0..<PyList_Size(scopes) {
                let scope = shim_list_item(scopes, i)!
                out.string(swiftString(shim_tuple_item(scope, 0)!) ?? "?")
                out.i64(Int64(PyLong_AsLong(shim_tuple_item(scope, 1))))
                out.i64(Int64(PyLong_AsLong(shim_tuple_item(scope, 2))))
            }
        case .variables:
            let stop = try stopped(debugger)
            let reference = number(try reader.i64()), start = number(try reader.i64()), count = number(try reader.i64())
            let rows = try call(stop, "variables", reference, start, count)
            defer { Py_DecRef(rows) }
            out.u32(UInt32(PyList_Size(rows)))
            for i in 0..<PyList_Size(rows) { writeRow(shim_list_item(rows, i)!, to: &out) }
        case .evaluate:
            let stop = try stopped(debugger)
            let expression = pyString(try reader.string()), frame = number(try reader.i64())
            let row = try call(stop, "evaluate", expression, frame)
            defer { Py_DecRef(row) }
            writeRow(row, to: &out)
        case .setVariable:
            let stop = try stopped(debugger)
            let reference = number(try reader.i64()), name = pyString(try reader.string()), value = pyString(try reader.string())
            let set = try call(stop, "set_variable", reference, name, value)
            defer { Py_DecRef(set) }
            // A local changes in the frame's dict; the running frame reads its fast locals.
            if let frame = shim_tuple_item(set, 1), frame != shim_none() { PyFrame_LocalsToFast(OpaquePointer(frame), 0) }
            writeRow(shim_tuple_item(set, 0)!, to: &out)
        case .traceState:
            out.bool(debugger.isTraceInstalled)
        case .resume:
            guard let action = WireDebugResume(rawValue: try reader.u8()) else { throw Refusal(message: "unknown resume action") }
            guard debugger.resume(action) else { throw Refusal(message: "the script is not stopped") }
        }
    }

    private static func stopped(_ debugger: WorkerDebugger) throws(Refusal) -> PyRef {
        guard let stop = debugger.stopped else { throw Refusal(message: "the script is not stopped") }
        return stop
    }

    /// A new Python int (consumed by `call`).
    private static func number(_ value: Int64) -> PyRef { PyLong_FromLongLong(value) }

    /// `object.method(arguments...)`, consuming the arguments; a Python exception becomes
    /// the request's error message.
    private static func call(_ object: PyRef, _ method: String, _ arguments: PyRef...) throws(Refusal) -> PyRef {
        defer { arguments.forEach { Py_DecRef($0) } }
        guard let function = PyObject_GetAttrString(object, method) else { throw pythonError() }
        defer { Py_DecRef(function) }
        let result = arguments.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: PyRef?.self) { PyObject_Vectorcall(function, $0.baseAddress, $0.count, nil) }
        }
        guard let result else { throw pythonError() }
        return result
    }

    /// The pending Python exception as `TypeName: message`, cleared.
    private static func pythonError() -> Refusal {
        PyEval_SetTrace(nil, nil)  // past the deadline, describing the error would raise again
        var type: PyRef?, value: PyRef?, traceback: PyRef?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        defer { Py_DecRef(type); Py_DecRef(value); Py_DecRef(traceback) }
        guard let value, let debugger = WorkerDebugger.shared else { return Refusal(message: "the request failed") }
        return Refusal(message: debugger.exceptionText(value))
    }

    /// `name, value, type, reference, named, indexed`.
    private static func writeRow(_ row: PyRef, to out: inout WireWriter) {
        for i in 0..<3 { out.string(swiftString(shim_tuple_item(row, i)!) ?? "") }
        for i in 3..<6 { out.i64(Int64(PyLong_AsLong(shim_tuple_item(row, i)))) }
    }
}

/// On the debug thread while it serves a request: Python past the request's deadline raises.
private let requestDeadlineTrace: Py_tracefunc = { _, _, what, _ in
    guard what == PyTrace_LINE || what == PyTrace_CALL, MonotonicClock.nanoseconds() > DebugRequests.deadline else { return 0 }
    PyErr_SetString(shim_exc_runtime_error(), "the debugger stopped this expression: it ran over 1 s")
    return -1
}
