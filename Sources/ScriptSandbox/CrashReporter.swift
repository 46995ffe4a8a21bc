import CPythonShim
import Glibc
import ScriptWire

/// When a script crashes the worker (a C recursion overflowing the stack, an abort), this
/// signal handler — on its own stack — tells the engine the script line it was on, then lets
/// the signal kill the process as it would have.
enum CrashReporter {
    nonisolated(unsafe) static var serial: UInt64 = 0
    nonisolated(unsafe) private static var control: Int32 = -1
    nonisolated(unsafe) private static var mainState: UnsafeMutablePointer<PyThreadState>?

    static func install(control: Int32, mainState: UnsafeMutablePointer<PyThreadState>) {
        Self.control = control
        Self.mainState = mainState
        let size = 256 << 10
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        sigaltstack(&stack, nil)
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                if let state = CrashReporter.mainState {
                    StopListener.reportSeen(control: CrashReporter.control, serial: CrashReporter.serial, state: state)
                }
                Glibc.signal(signal, SIG_DFL)
                raise(signal)
            }
            action.sa_flags = Int32(SA_ONSTACK) | Int32(bitPattern: UInt32(SA_RESETHAND))
            sigaction(signal, &action, nil)
        }
    }
}
