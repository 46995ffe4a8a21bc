import CPythonShim
import Foundation
import Synchronization

/// Stops scripts that run over their time budget (SPEC §7 `budget`).
///
/// The script thread arms a deadline before each invocation (two atomic stores). This thread
/// polls every millisecond; past a deadline it takes the GIL and raises `BudgetExceeded` in
/// the script thread (`PyThreadState_SetAsyncExc`), and installs a line-event hook on that
/// thread that raises again on every line — which defeats a loop that catches BaseException.
/// It repeats until the invocation ends; the script thread then clears both.
final class ScriptWatchdog: @unchecked Sendable {
    private let deadline = Atomic<UInt64>(0)  // uptime nanoseconds; 0: nothing running
    private let serial = Atomic<UInt64>(0)
    private let firedSerial = Atomic<UInt64>(0)
    /// Line events that raised `BudgetExceeded` (for tests and metrics).
    static let lineEventsRaised = Atomic<Int>(0)
    nonisolated(unsafe) fileprivate static var budgetExceeded: PyRef?

    private let scriptIdent: UInt
    private let scriptState: UnsafeMutablePointer<PyThreadState>
    static let pollInterval: UInt32 = 1000  // microseconds

    init(scriptIdent: UInt, scriptState: UnsafeMutablePointer<PyThreadState>, budgetExceeded: PyRef) {
        self.scriptIdent = scriptIdent
        self.scriptState = scriptState
        Self.budgetExceeded = budgetExceeded
    }

    /// Ends the process when a script is stuck where no exception reaches it.
    let reaper = StuckScriptReaper()

    func start() {
        let thread = Thread { [self] in watch() }
        thread.name = "featide-script-watchdog"
        thread.start()
        reaper.start()
    }

    /// Called on the script thread, holding the GIL, before an invocation that began at
    /// `start` (uptime nanoseconds).
    func arm(budgetNanoseconds: UInt64, from start: UInt64) -> UInt64 {
        let s = serial.load(ordering: .relaxed) &+ 1
        serial.store(s, ordering: .relaxed)
        deadline.store(start &+ budgetNanoseconds, ordering: .releasing)
        return s
    }

    /// Called on the script thread, holding the GIL, after it. True if the watchdog fired.
    func disarm(_ s: UInt64) -> Bool {
        deadline.store(0, ordering: .releasing)
        guard firedSerial.load(ordering: .acquiring) == s else { return false }
        PyThreadState_SetAsyncExc(scriptIdent, nil)  // drop one still pending
        PyEval_SetTrace(nil, nil)
        return true
    }

    private func watch() {
        // Our own thread state, kept for the life of the process.
        _ = PyGILState_Ensure()
        var state = PyEval_SaveThread()
        while true {
            usleep(Self.pollInterval)
            let due = deadline.load(ordering: .acquiring)
            guard due != 0, DispatchTime.now().uptimeNanoseconds > due else { continue }
            PyEval_RestoreThread(state)
            // Holding the GIL, the script thread is between two bytecodes of the same invocation
            // (it clears the deadline before it lets the GIL go), so this cannot hit the next one.
            if deadline.load(ordering: .acquiring) == due {
                PyThreadState_SetAsyncExc(scriptIdent, Self.budgetExceeded)
                _PyEval_SetTrace(scriptState, raiseOnEveryLine, nil)
                firedSerial.store(serial.load(ordering: .relaxed), ordering: .releasing)
            }
            state = PyEval_SaveThread()
        }
    }
}

/// Installed only on an invocation that is over budget: every line raises again.
private let raiseOnEveryLine: Py_tracefunc = { _, _, what, _ in
    guard what == PyTrace_LINE || what == PyTrace_CALL else { return 0 }
    ScriptWatchdog.lineEventsRaised.add(1, ordering: .relaxed)
    PyErr_SetString(ScriptWatchdog.budgetExceeded, "the script ran over its time budget")
    return -1
}
