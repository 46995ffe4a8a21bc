import CPythonShim
import Glibc
import ScriptWire
import Synchronization

/// The worker's half of the engine's deadline. The engine asks for a cooperative stop on the
/// control socket once a call is over its budget; this thread then reports the script line
/// the call is on (read without the GIL — the engine logs it if it has to kill the worker),
/// takes the GIL, raises `BudgetExceeded` into the main thread and installs a line hook there
/// that raises again on every line, which defeats a loop that catches BaseException. A call
/// stuck in one C function never gives up the GIL: the engine's hard deadline ends it.
final class StopListener: @unchecked Sendable {
    private let current = Atomic<UInt64>(0)  // serial of the call running; 0: none
    private let fired = Atomic<UInt64>(0)
    private let control: Int32
    private let interpreter: PythonInterpreter
    /// The running script's `co_filename` (borrowed from its `LoadedScript`).
    nonisolated(unsafe) private(set) static var filename: PyRef?
    nonisolated(unsafe) private static var budgetExceeded: PyRef?
    /// A stop was raised into the running call (its line hook is installed): read and written
    /// with the GIL held, so the debugger leaves that hook alone until `disarm`.
    nonisolated(unsafe) private(set) static var isStopping = false

    init(control: Int32, interpreter: PythonInterpreter) {
        self.control = control
        self.interpreter = interpreter
        Self.budgetExceeded = interpreter.bootstrap.budgetExceeded
    }

    func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<StopListener>.fromOpaque(context!).takeRetainedValue().listen()
            return nil
        }, context)
        if status != 0 { fatal("cannot start the stop listener") }
    }

    /// Main thread, holding the GIL, before running script code for `serial`.
    func arm(_ serial: UInt64, filename: PyRef) {
        Self.filename = filename
        CrashReporter.serial = serial
        current.store(serial, ordering: .releasing)
    }

    /// Main thread, holding the GIL, after it. True if a stop was raised into the call.
    func disarm(_ serial: UInt64) -> Bool {
        current.store(0, ordering: .releasing)
        guard fired.load(ordering: .acquiring) == serial else { return false }
        PyThreadState_SetAsyncExc(interpreter.mainIdent, nil)  // drop one still pending
        PyEval_SetTrace(nil, nil)
        Self.isStopping = false
        WorkerDebugger.shared?.restoreTrace()
        return true
    }

    private func listen() {
        // Its own thread state, made without the GIL (which it may never get: the main thread
        // can be stuck in C holding it). It takes the GIL only to raise into a running call.
        var state: UnsafeMutablePointer<PyThreadState>? = PyThreadState_New(PyInterpreterState_Main())
        var message = [UInt8](repeating: 0, count: 9)
        while WireSocket.receive(control, into: &message, count: 9) {
            let stop = message.withUnsafeBytes { raw -> (kind: UInt8, serial: UInt64)? in
                var reader = WireReader(raw)
                return try? (reader.u8(), reader.u64())
            }
            guard let (kind, serial) = stop, kind == WireControl.stop.rawValue else { continue }
            guard current.load(ordering: .acquiring) == serial else { continue }
            Self.reportSeen(control: control, serial: serial, state: interpreter.mainState)
            PyEval_RestoreThread(state)
            // Holding the GIL, the main thread is between two bytecodes of some call; only
            // raise if it is still the one the engine asked about.
            if current.load(ordering: .acquiring) == serial {
                PyThreadState_SetAsyncExc(interpreter.mainIdent, Self.budgetExceeded)
                _PyEval_SetTrace(interpreter.mainState, raiseOnEveryLine, nil)
                Self.isStopping = true
                fired.store(serial, ordering: .releasing)
            }
            state = PyEval_SaveThread()
        }
        // The engine closed the control socket: it is gone or done with this worker.
        exit(0)
    }

    /// Sends `seen(serial, line)`: async-signal-safe (the crash reporter uses it too).
    static func reportSeen(control: Int32, serial: UInt64, state: UnsafeMutablePointer<PyThreadState>) {
        let line = filename.map { UInt64(max(0, shim_sample_line(state, $0))) } ?? 0
        // No heap: this also runs in a signal handler.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 17) { packed in
            packed[0] = WireControl.seen.rawValue
            for i in 0..<8 {
                packed[1 + i] = UInt8(truncatingIfNeeded: serial >> (8 * UInt64(i)))
                packed[9 + i] = UInt8(truncatingIfNeeded: line >> (8 * UInt64(i)))
            }
            _ = Glibc.write(control, packed.baseAddress, 17)
        }
    }
}

/// Installed only on a call that is over budget: every line raises again.
private let raiseOnEveryLine: Py_tracefunc = { _, _, what, _ in
    guard what == PyTrace_LINE || what == PyTrace_CALL else { return 0 }
    PyErr_SetString(StopListener.budgetExceededForTrace, "the script ran over its time budget")
    return -1
}

extension StopListener {
    static var budgetExceededForTrace: PyRef? { budgetExceeded }
}
