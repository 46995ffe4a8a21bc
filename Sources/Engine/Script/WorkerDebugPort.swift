import CProcessShim
import Foundation
import Glibc
import ScriptWire

/// The engine's end of one worker's debug socket (the worker's fd 5): one request at a time,
/// from any thread (the DAP server's, the engine's). Every wait has a deadline. The worker
/// closes it first when it is killed, so a request can never reach a reaped pid.
final class WorkerDebugPort: @unchecked Sendable {
    private let lock = NSLock()
    private let socket: Int32
    private let pid: pid_t
    private var inbox = FrameInbox()
    private var nextID: UInt64 = 0
    private var open = true
    /// The worker closed its end (it died): nothing more will be answered.
    private var peerGone = false

    init(socket: Int32, pid: pid_t) {
        self.socket = socket
        self.pid = pid
    }

    /// What to do when the worker does not answer in time.
    enum Patience {
        /// Give up on the answer (a script stuck in one C call holds the GIL; it may still come).
        case giveUp(UInt64)
        /// Kill the worker: a stopped script's inspection that hangs would hang the debugger
        /// (the call then fails as a crash, like any worker that dies).
        case kill(UInt64)
    }

    func request<T>(_ kind: WireDebugRequest, _ patience: Patience, fields: (inout WireWriter) -> Void = { _ in },
                    reply: (inout WireReader) throws(WireError) -> T) -> Result<T, ScriptDebugError> {
        lock.lock()
        defer { lock.unlock() }
        guard open else { return .failure(ScriptDebugError("the script's worker is gone")) }
        nextID &+= 1
        var frame = WireWriter(capacity: 128)
        frame.beginFrame(rawKind: kind.rawValue)
        frame.u64(nextID)
        fields(&frame)
        frame.finishFrame()
        guard WireSocket.send(socket, frame.bytes) else {
            peerGone = true
            return .failure(ScriptDebugError("the script's worker is gone"))
        }
        let wait: UInt64
        switch patience { case .giveUp(let n), .kill(let n): wait = n }
        let deadline = MonotonicClock.nanoseconds() + wait
        while true {
            switch inbox.next() {
            case .frame(let raw, let payload):
                let answer = inbox.read(payload) { reader throws(WireError) -> Result<T, ScriptDebugError>? in
                    guard try reader.u64() == nextID else { return nil }  // a late answer to an earlier request
                    if raw == WireDebugReply.error.rawValue { return .failure(ScriptDebugError(try reader.string())) }
                    return .success(try reply(&reader))
                }
                switch answer {
                case .success(nil): continue
                case .success(let result?): return result
                case .failure(let error): return .failure(ScriptDebugError("the worker sent a malformed answer: \(error)"))
                }
            case .malformed:
                return .failure(ScriptDebugError("the worker sent a malformed answer"))
            case .incomplete:
                switch inbox.fill(from: socket) {
                case .some: continue
                case .closed:
                    peerGone = true
                    return .failure(ScriptDebugError("the script's worker is gone"))
                case .none: break
                }
                let now = MonotonicClock.nanoseconds()
                if now >= deadline {
                    guard case .kill = patience else { return .failure(ScriptDebugError("the script's worker did not answer in time")) }
                    Glibc.kill(pid, SIGKILL)
                    return .failure(ScriptDebugError("the script's worker did not answer within \(wait / 1_000_000_000) s and was killed"))
                }
                _ = shim_wait_readable(socket, deadline - now)
            }
        }
    }

    /// Open, and the worker still at the other end.
    var isOpen: Bool { lock.withLock { open && !peerGone } }

    /// Closes the socket: later requests fail at once. Safe to call more than once.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        guard open else { return }
        open = false
        Glibc.close(socket)
    }
}
