import CPythonShim
import Glibc
import ScriptWire

/// Stopping the main thread: at a line (the trace function) or post mortem (a call that
/// failed with `uncaught` on), until the debugger resumes it.
extension WorkerDebugger {
    /// Stops the main thread until the debugger resumes it: tells the engine (which suspends
    /// the call's deadline), waits with the GIL released — the debug listener serves
    /// inspection meanwhile — then applies the step asked for and tells the engine again.
    /// `frame`: where it stopped (nil post mortem: only `continue` makes sense there).
    func waitStopped(_ state: PyRef, reason: String, line: Int, description: String, exception: String?, frame: PyRef?) {
        stop = state
        resumeRequested = false
        send(.stopped) { out in
            out.string(reason)
            out.i64(Int64(line))
            out.string(description)
            out.optionalString(exception)
        }
        let saved = PyEval_SaveThread()
        while sem_wait(resumeSignal) != 0 && errno == EINTR {}
        PyEval_RestoreThread(saved)
        Py_DecRef(stop)
        stop = nil
        resumeRequested = false
        switch (resumeAction, frame) {
        case (.next, let frame?): setStep(.over(Py_NewRef(frame)))
        case (.stepIn, _?): setStep(.into)
        case (.stepOut, let frame?): setStep(callerScriptFrame(of: frame).map(Step.out) ?? .none)
        default: setStep(.none)
        }
        updateTrace()
        send(.resumed) { _ in }
    }

    /// The listener's half of resuming: false if nothing is stopped (or already resuming).
    func resume(_ action: WireDebugResume) -> Bool {
        guard stopped != nil else { return false }
        resumeAction = action
        resumeRequested = true
        sem_post(resumeSignal)
        return true
    }

    /// A call failed with an exception nobody caught: with `uncaught` on, stop post mortem on
    /// the traceback's script frames (locals and all) before the failure is reported. The
    /// exception stays set for the caller.
    func stopOnUncaught() {
        guard uncaught, let filename, PyErr_Occurred() != nil else { return }
        var type: PyRef?, value: PyRef?, traceback: PyRef?
        PyErr_Fetch(&type, &value, &traceback)
        PyErr_NormalizeException(&type, &value, &traceback)
        defer { PyErr_Restore(type, value, traceback) }
        guard let value, let traceback, value != lastException,
              PyErr_GivenExceptionMatches(type, bootstrap.budgetExceeded) == 0 else { return }
        PyException_SetTraceback(value, traceback)
        guard let state = pyCall(bootstrap.postMortemStop, traceback, filename, ctx ?? shim_none(), scriptGlobals ?? shim_none()) else {
            return PyErr_Clear()
        }
        let text = exceptionText(value)
        waitStopped(state, reason: "exception", line: topLine(of: state), description: "uncaught \(text)", exception: text, frame: nil)
    }

    func exceptionText(_ value: PyRef) -> String {
        guard let text = pyCall(bootstrap.exceptionText, value) else { PyErr_Clear(); return "exception" }
        defer { Py_DecRef(text) }
        return swiftString(text) ?? "exception"
    }

    private func topLine(of state: PyRef) -> Int {
        guard let frames = PyObject_GetAttrString(state, "frames") else { PyErr_Clear(); return 0 }
        defer { Py_DecRef(frames) }
        guard PyList_Size(frames) > 0 else { return 0 }
        return PyLong_AsLong(shim_tuple_item(shim_list_item(frames, 0)!, 1))
    }
}
