import CPythonShim
import Glibc
import ScriptWire

/// The worker's debug thread: waits on the debug socket (fd 5, so an idle worker costs
/// nothing) and serves each request with the GIL — breakpoints and pause reach a running
/// script within a switch interval, and a stopped one (its main thread waits with the GIL
/// released) is inspected from here. Python run for a request (a `repr`, an evaluated
/// expression) is this thread's, under its own deadline trace, so a runaway expression is
/// stopped and a breakpoint inside it never stops the debugger itself.
final class DebugListener: @unchecked Sendable {
    private let socket: Int32
    private let debugger: WorkerDebugger

    init(socket: Int32, debugger: WorkerDebugger) {
        self.socket = socket
        self.debugger = debugger
    }

    /// Started before the worker confines itself (creating a thread is refused afterwards).
    func start() {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<DebugListener>.fromOpaque(context!).takeRetainedValue().listen()
            return nil
        }, context)
        if status != 0 { fatal("cannot start the debug listener") }
    }

    private func listen() {
        var state: UnsafeMutablePointer<PyThreadState>? = PyThreadState_New(PyInterpreterState_Main())
        var inbox = FrameInbox()
        var out = WireWriter(capacity: 4096)
        while true {
            switch inbox.next() {
            case .frame(let kind, let payload):
                PyEval_RestoreThread(state)
                out.reset()
                let served = inbox.read(payload) { reader throws(WireError) in
                    try DebugRequests.serve(kind, &reader, debugger, into: &out)
                }
                if case .failure(let error) = served { DebugRequests.refuse(0, "malformed request: \(error)", into: &out) }
                state = PyEval_SaveThread()
                _ = WireSocket.send(socket, out.bytes)
            case .malformed:
                return
            case .incomplete:
                // The engine closed the socket: it no longer debugs this worker (the control
                // socket, not this one, says when the worker should end).
                if case .closed = inbox.fill(from: socket, blocking: true) { return }
            }
        }
    }
}
