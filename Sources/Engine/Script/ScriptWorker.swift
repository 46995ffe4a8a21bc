import CProcessShim
import Foundation
import Glibc
import ScriptWire

/// One script worker process as the engine sees it: its pid, its channel and control
/// sockets (non-blocking), its empty working directory. The engine waits on it with
/// deadlines and can always kill it; nothing the worker does can block the engine.
final class ScriptWorker: @unchecked Sendable {
    let pid: pid_t
    private let channel: Int32
    private let control: Int32
    private let directory: String
    /// The debugger's socket to this worker (its fd 5), usable from any thread.
    let debugPort: WorkerDebugPort
    private var inbox = FrameInbox()
    private(set) var isAlive = true

    private init(pid: pid_t, channel: Int32, control: Int32, debug: Int32, directory: String) {
        self.pid = pid
        self.channel = channel
        self.control = control
        self.directory = directory
        debugPort = WorkerDebugPort(socket: debug, pid: pid)
    }

    deinit { kill() }

    /// Starts `executable` with its channel on fd 3, control on fd 4, debug on fd 5, /dev/null on 0–2,
    /// nothing else inherited, in a fresh empty directory, with an empty environment.
    static func spawn(executable: String, arguments: [String]) throws(ScriptWorkerError) -> ScriptWorker {
        guard let (engineChannel, workerChannel) = socketPair(), let (engineControl, workerControl) = socketPair(),
              let (engineDebug, workerDebug) = socketPair() else {
            throw ScriptWorkerError("cannot create the worker's sockets (errno \(errno))")
        }
        defer { close(workerChannel); close(workerControl); close(workerDebug) }
        var template = Array("\(NSTemporaryDirectory())/featide-worker-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            close(engineChannel); close(engineControl); close(engineDebug)
            throw ScriptWorkerError("cannot create the worker's directory (errno \(errno))")
        }
        let directory = String(cString: made)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // FEATIDE_WORKER_STDERR keeps the engine's stderr, for debugging the worker itself.
        let keepStderr = ProcessInfo.processInfo.environment["FEATIDE_WORKER_STDERR"] != nil
        for fd: Int32 in 0...2 where !(fd == 2 && keepStderr) {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, workerChannel, WireDescriptors.channel)
        posix_spawn_file_actions_adddup2(&actions, workerControl, WireDescriptors.control)
        posix_spawn_file_actions_adddup2(&actions, workerDebug, WireDescriptors.debug)
        shim_spawn_close_from(&actions, WireDescriptors.debug + 1)
        shim_spawn_chdir(&actions, directory)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, &environment)
        guard status == 0 else {
            close(engineChannel); close(engineControl); close(engineDebug); rmdir(directory)
            throw ScriptWorkerError("cannot start the script worker \(executable): \(String(cString: strerror(status)))")
        }
        return ScriptWorker(pid: pid, channel: engineChannel, control: engineControl, debug: engineDebug, directory: directory)
    }

    /// A connected pair, both ends close-on-exec, above the descriptors a child is given (so
    /// `dup2` to 3 and 4 always copies rather than finds the same number).
    private static func socketPair() -> (Int32, Int32)? {
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else { return nil }
        let moved = fds.map { fd -> Int32 in
            let high = fcntl(fd, F_DUPFD_CLOEXEC, 10)
            close(fd)
            return high
        }
        _ = fcntl(moved[0], F_SETFL, fcntl(moved[0], F_GETFL) | O_NONBLOCK)
        return (moved[0], moved[1])
    }

    // MARK: talking

    /// A worker's start-up (Python, the sandbox, confinement) gets this long.
    static let startupDeadline: UInt64 = 30_000_000_000
    private var isReady = false

    /// Waits for the worker's `ready` frame (at once for a warm spare); false if it never came.
    func awaitReady() -> Bool {
        if isReady { return true }
        guard case .frame(WireMessage.ready.rawValue, _) = next(until: MonotonicClock.nanoseconds() + Self.startupDeadline) else {
            return false
        }
        isReady = true
        return true
    }

    /// Sends a whole frame; false if the worker is gone.
    func send(_ bytes: [UInt8]) -> Bool {
        isAlive && WireSocket.send(channel, bytes)
    }

    enum Wait {
        case frame(UInt8, Range<Int>)
        case timedOut
        /// The channel closed, or carried something that is not a frame.
        case gone
    }

    /// How long the engine spins for an answer before it sleeps: a short call answers within
    /// it, and the answer then costs no wake-up on this side.
    static let spinForAnswer: UInt64 = 30_000

    /// The next frame, waiting at most until `deadline` (monotonic nanoseconds).
    func next(until deadline: UInt64) -> Wait {
        var spun = false
        while true {
            switch inbox.next() {
            case .frame(let kind, let payload): return .frame(kind, payload)
            case .malformed: return .gone
            case .incomplete: break
            }
            switch inbox.fill(from: channel) {
            case .some: continue
            case .closed: return .gone
            case .none: break
            }
            if !spun {
                spun = true
                if inbox.spin(on: channel, nanoseconds: Self.spinForAnswer) { continue }
            }
            let now = MonotonicClock.nanoseconds()
            guard now < deadline else { return .timedOut }
            _ = shim_wait_readable(channel, deadline - now)
        }
    }

    func read<T>(_ payload: Range<Int>, _ body: (inout WireReader) throws(WireError) -> T) -> Result<T, WireError> {
        inbox.read(payload, body)
    }

    /// Asks the worker to stop the call `serial` (it raises into the script).
    func requestStop(_ serial: UInt64) {
        var message = WireWriter(capacity: 9)
        message.u8(WireControl.stop.rawValue)
        message.u64(serial)
        _ = message.bytes.withUnsafeBytes { Glibc.send(control, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// The script line the worker last reported for `serial` (on a stop or a crash), or 0.
    /// `waiting`: how long a report still on its way may take (a starved worker's listener).
    func lineSeen(for serial: UInt64, waiting: UInt64 = 0) -> Int {
        if waiting > 0 { _ = shim_wait_readable(control, waiting) }
        var line = 0
        var record = [UInt8](repeating: 0, count: 17)
        while recv(control, &record, 17, Int32(MSG_DONTWAIT)) == 17 {
            let seen = record.withUnsafeBytes { raw -> (kind: UInt8, serial: UInt64, line: UInt64)? in
                var reader = WireReader(raw)
                return try? (reader.u8(), reader.u64(), reader.u64())
            }
            if let seen, seen.kind == WireControl.seen.rawValue, seen.serial == serial, seen.line > 0 { line = Int(seen.line) }
        }
        return line
    }

    // MARK: ending

    /// SIGKILL, reap, close, remove the directory. Safe to call more than once.
    /// Says how the process ended ("was killed by SIGSEGV", "exited with status 71").
    @discardableResult
    func kill() -> String {
        guard isAlive else { return "ended" }
        // First, so no debugger thread signals or writes to this pid or its socket once reaped.
        debugPort.close()
        Glibc.kill(pid, SIGKILL)
        isAlive = false
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        close(channel)
        close(control)
        rmdir(directory)
        let signal = status & 0x7f
        if signal != 0 { return "was killed by \(Self.signalName(signal))" }
        return "exited with status \((status >> 8) & 0xff)"
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: "SIGSEGV"
        case SIGABRT: "SIGABRT"
        case SIGBUS: "SIGBUS"
        case SIGKILL: "SIGKILL"
        case SIGXCPU: "SIGXCPU"
        case SIGSYS: "SIGSYS"
        case SIGFPE: "SIGFPE"
        case SIGILL: "SIGILL"
        default: "signal \(signal)"
        }
    }
}

/// The worker could not be started.
struct ScriptWorkerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
