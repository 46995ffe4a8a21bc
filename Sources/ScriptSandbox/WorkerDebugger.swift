import CPythonShim
import Glibc
import ScriptWire

/// The worker's script debugger. Its state is touched only with the GIL held: by the main
/// thread (loading, calls, the trace function) and by the debug listener thread (requests).
///
/// Zero cost when unused (SPEC §10): the trace function is installed on the main thread only
/// while something needs it — a bound breakpoint, `raised` exception breakpoints, a pause or a
/// step in progress — and removed as soon as nothing does. Uncaught-exception stops need no
/// trace: the call's failure is inspected post mortem.
final class WorkerDebugger {
    /// The worker's debugger (one script per worker).
    nonisolated(unsafe) static var shared: WorkerDebugger?

    let bootstrap: PythonInterpreter.Bootstrap
    private let mainState: UnsafeMutablePointer<PyThreadState>
    private let channel: Int32
    /// The trusted `Debugger` and its `on_line` (owned).
    let python: PyRef
    let onLine: PyRef
    /// The script's `co_filename` and globals (owned), once it is loaded.
    private(set) var filename: PyRef?
    private(set) var scriptGlobals: PyRef?
    /// `breakLines[n]`: line n has a bound breakpoint (a logpoint too).
    private var breakLines: [Bool] = []
    var raised = false
    var uncaught = false
    var pauseRequested = false
    var step = Step.none
    private var traceInstalled = false
    var isTraceInstalled: Bool { traceInstalled }
    /// The running call's `ctx` (borrowed for the call's duration).
    private(set) var ctx: PyRef?
    /// The last exception stopped at (owned): one stop per exception, not one per frame it leaves.
    var lastException: PyRef?
    /// The Python `Stop` while stopped (owned).
    var stop: PyRef?
    var resumeRequested = false
    var resumeAction = WireDebugResume.continue
    let resumeSignal: UnsafeMutablePointer<sem_t>
    private var events = WireWriter(capacity: 256)

    /// Stepping in progress; the frames (owned) are where `next` / `stepOut` stop next.
    enum Step {
        case none, into
        case over(PyRef)
        case out(PyRef)
    }

    init(bootstrap: PythonInterpreter.Bootstrap, mainState: UnsafeMutablePointer<PyThreadState>, channel: Int32) {
        self.bootstrap = bootstrap
        self.mainState = mainState
        self.channel = channel
        guard let python = pyCall(bootstrap.debugger), let onLine = PyObject_GetAttrString(python, "on_line") else {
            PyErr_Print()
            fatal("cannot start the script debugger")
        }
        self.python = python
        self.onLine = onLine
        resumeSignal = .allocate(capacity: 1)
        sem_init(resumeSignal, 0, 0)
    }

    /// A stop that can take inspection requests (not one already told to resume).
    var stopped: PyRef? { resumeRequested ? nil : stop }

    // MARK: the trace function's presence

    private var wantsTrace: Bool {
        if case .none = step { return !breakLines.isEmpty || raised || pauseRequested }
        return true
    }

    /// Installs or removes the trace function on the main thread to match what is wanted.
    func updateTrace() {
        // A call over budget has the stop's own line hook: leave it (disarm restores ours).
        guard !StopListener.isStopping else { return }
        let wanted = wantsTrace
        guard wanted != traceInstalled else { return }
        _PyEval_SetTrace(mainState, wanted ? debugTrace : nil, nil)
        traceInstalled = wanted
    }

    /// After a budget stop replaced (then removed) the trace function.
    func restoreTrace() {
        traceInstalled = false
        updateTrace()
    }

    /// Which lines break, from the trusted side's bound breakpoints.
    func applyBoundLines(_ lines: PyRef) {
        var marks: [Bool] = []
        for i in 0..<PyList_Size(lines) {
            let line = PyLong_AsLong(shim_list_item(lines, i))
            guard line > 0, line < 1 << 20 else { continue }
            if marks.count <= line { marks += [Bool](repeating: false, count: line + 1 - marks.count) }
            marks[line] = true
        }
        breakLines = marks
        updateTrace()
    }

    func isBreakLine(_ line: Int) -> Bool { line < breakLines.count && breakLines[line] }

    // MARK: the session's hooks (main thread)

    /// The script compiled, before its top level runs: breakpoints asked for earlier bind now,
    /// and the engine hears where they landed.
    func attach(code: PyRef, filename: PyRef, globals: PyRef) {
        self.filename = Py_NewRef(filename)
        scriptGlobals = Py_NewRef(globals)
        guard let attach = PyObject_GetAttrString(python, "attach_code") else { return PyErr_Clear() }
        defer { Py_DecRef(attach) }
        guard let bound = pyCall(attach, code) else { return PyErr_Clear() }
        defer { Py_DecRef(bound) }
        let states = shim_tuple_item(bound, 0)!
        applyBoundLines(shim_tuple_item(bound, 1)!)
        guard PyList_Size(states) > 0 else { return }
        events.reset()
        events.beginFrame(rawKind: WireDebugEvent.breakpointsBound.rawValue)
        Self.writeStates(states, to: &events)
        events.finishFrame()
        _ = WireSocket.send(channel, events.bytes)
    }

    func beginCall(ctx: PyRef) { self.ctx = ctx }

    /// The call is over: stepping ends with it (the next call runs until a breakpoint).
    func endCall() {
        ctx = nil
        setStep(.none)
        Py_DecRef(lastException)
        lastException = nil
        updateTrace()
    }

    func setStep(_ next: Step) {
        switch step {
        case .over(let frame), .out(let frame): Py_DecRef(frame)
        case .none, .into: break
        }
        step = next
    }

    /// Remembers the exception a `raised` stop is for; false if it was already stopped at.
    func isNewException(_ value: PyRef) -> Bool {
        guard value != lastException else { return false }
        Py_DecRef(lastException)
        lastException = Py_NewRef(value)
        return true
    }

    /// The nearest caller of `frame` that is script code (new reference), or nil.
    func callerScriptFrame(of frame: PyRef) -> PyRef? {
        var current = PyFrame_GetBack(OpaquePointer(frame)).map(Self.object)
        while let candidate = current {
            if isScript(candidate) { return candidate }
            current = PyFrame_GetBack(OpaquePointer(candidate)).map(Self.object)
            Py_DecRef(candidate)
        }
        return nil
    }

    func isScript(_ frame: PyRef) -> Bool {
        guard let filename, let code = PyFrame_GetCode(OpaquePointer(frame)) else { return false }
        defer { Py_DecRef(UnsafeMutableRawPointer(code).assumingMemoryBound(to: PyObject.self)) }
        return code.pointee.co_filename == filename
    }

    static func object(_ frame: OpaquePointer) -> PyRef {
        UnsafeMutableRawPointer(frame).assumingMemoryBound(to: PyObject.self)
    }

    /// Log messages of logpoints: info records with the source `debug:scripts/x.py:LINE`.
    func sendOutput(_ message: String, line: Int) {
        let path = filename.flatMap(swiftString) ?? "script"
        events.reset()
        events.beginFrame(.log)
        events.string("info")
        events.string("debug:\(path):\(line)")
        events.string(String(message.prefix(WireLimits.maximumLogMessage)))
        events.tag(.null)
        events.finishFrame()
        _ = WireSocket.send(channel, events.bytes)
    }

    func send(_ kind: WireDebugEvent, _ fields: (inout WireWriter) -> Void) {
        events.reset()
        events.beginFrame(rawKind: kind.rawValue)
        fields(&events)
        events.finishFrame()
        _ = WireSocket.send(channel, events.bytes)
    }

    /// `count × (verified, line, message?)` from the trusted side's states.
    static func writeStates(_ states: PyRef, to out: inout WireWriter) {
        out.u32(UInt32(PyList_Size(states)))
        for i in 0..<PyList_Size(states) {
            let state = shim_list_item(states, i)!
            out.bool(shim_tuple_item(state, 0) == shim_true())
            out.i64(Int64(PyLong_AsLong(shim_tuple_item(state, 1))))
            let message = shim_tuple_item(state, 2)!
            out.optionalString(message == shim_none() ? nil : swiftString(message))
        }
    }
}
