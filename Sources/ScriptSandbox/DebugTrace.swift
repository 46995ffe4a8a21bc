import CPythonShim

/// The debugger's trace function, in C rather than Python (`sys.settrace`) or `bdb`: it is
/// called for every line of every frame while installed, and answers most of them with a
/// pointer compare and an array lookup, calling into Python only where a breakpoint is bound
/// (measured in docs/DECISIONS.md, "Script debugging").
let debugTrace: Py_tracefunc = { _, frame, what, arg in
    guard let debugger = WorkerDebugger.shared, let frame else { return 0 }
    return debugger.traced(WorkerDebugger.object(frame), what, arg)
}

extension WorkerDebugger {
    func traced(_ frame: PyRef, _ what: Int32, _ arg: PyRef?) -> Int32 {
        switch what {
        case PyTrace_LINE:
            return isScript(frame) ? reachedLine(frame) : 0
        case PyTrace_RETURN:
            stepReturned(from: frame)
            return 0
        case PyTrace_EXCEPTION:
            guard raised, let arg, isScript(frame) else { return 0 }
            return raisedException(frame, arg)
        default:
            return 0
        }
    }

    private func reachedLine(_ frame: PyRef) -> Int32 {
        let line = Int(PyFrame_GetLineNumber(OpaquePointer(frame)))
        if pauseRequested {
            pauseRequested = false
            return stopHere(frame, line: line, reason: "pause", description: "paused")
        }
        switch step {
        case .into:
            return stopHere(frame, line: line, reason: "step", description: "step")
        case .over(let target), .out(let target):
            if target == frame { return stopHere(frame, line: line, reason: "step", description: "step") }
        case .none:
            break
        }
        return isBreakLine(line) ? breakpointLine(frame, line: line) : 0
    }

    /// A bound line: the trusted side checks conditions and hit counts and formats logpoints.
    private func breakpointLine(_ frame: PyRef, line: Int) -> Int32 {
        let number = PyLong_FromLong(line)
        defer { Py_DecRef(number) }
        // An exception here is the engine's budget stop landing in a condition: let it through.
        guard let verdict = pyCall(onLine, frame, number) else { return -1 }
        defer { Py_DecRef(verdict) }
        let logs = shim_tuple_item(verdict, 2)!
        for i in 0..<PyList_Size(logs) {
            sendOutput(swiftString(shim_list_item(logs, i)!) ?? "", line: line)
        }
        guard shim_tuple_item(verdict, 0) == shim_true() else { return 0 }
        let why = shim_tuple_item(verdict, 1)!
        return stopHere(frame, line: line, reason: "breakpoint",
                        description: why == shim_none() ? "breakpoint at line \(line)" : swiftString(why) ?? "breakpoint")
    }

    /// `next` and `stepOut` follow their frame out when it returns: to its caller, or to the
    /// end of the call when no script frame called it.
    private func stepReturned(from frame: PyRef) {
        switch step {
        case .over(let target) where target == frame:
            setStep(callerScriptFrame(of: frame).map(Step.over) ?? .none)
        case .out(let target) where target == frame:
            setStep(callerScriptFrame(of: frame).map(Step.out) ?? .none)
        default:
            return
        }
        updateTrace()
    }

    private func raisedException(_ frame: PyRef, _ arg: PyRef) -> Int32 {
        guard PyTuple_Size(arg) == 3 else { return 0 }
        let type = shim_tuple_item(arg, 0)!, value = shim_tuple_item(arg, 1)!
        // A budget stop is the engine's, and StopIteration / GeneratorExit are how loops end.
        for ignored in [bootstrap.budgetExceeded, shim_exc_stop_iteration(), shim_exc_generator_exit()]
        where PyErr_GivenExceptionMatches(type, ignored) != 0 {
            return 0
        }
        guard isNewException(value) else { return 0 }
        let text = exceptionText(value)
        return stopHere(frame, line: Int(PyFrame_GetLineNumber(OpaquePointer(frame))), reason: "exception",
                        description: "raised \(text)", exception: text)
    }

    private func stopHere(_ frame: PyRef, line: Int, reason: String, description: String, exception: String? = nil) -> Int32 {
        guard let filename, let state = pyCall(bootstrap.liveStop, frame, filename, ctx ?? shim_none(), scriptGlobals ?? shim_none()) else {
            PyErr_Clear()
            return 0
        }
        waitStopped(state, reason: reason, line: line, description: description, exception: exception, frame: frame)
        return 0
    }
}
