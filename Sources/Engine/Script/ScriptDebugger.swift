import Foundation
import ScriptWire

/// What a debugger (the DAP server) implements to hear from scripts. Both are called on the
/// engine thread.
public protocol ScriptDebugHook: AnyObject {
    /// A script stopped. The engine thread stays stopped with it (events queue, the call's
    /// budget does not run) until `stop.resume(_:)` — called from any thread, also from here.
    func scriptStopped(_ stop: ScriptStop)
    /// The breakpoints of `file` bound when its script loaded, in the order they were set.
    func breakpointsBound(file: String, _ states: [BreakpointState])
    /// A logpoint's message (also logged as an info record with source `debug:FILE:LINE`).
    func logpoint(_ record: LogRecord)
}

extension ScriptDebugHook {
    public func logpoint(_ record: LogRecord) {}
}

/// An engine's script debugging, held by its `ScriptRuntime` (`runtime.debugger`; nil costs
/// nothing). Breakpoints are kept here by script file and sent to that script's worker: at
/// once when it is loaded, else when it loads, and again to a fresh worker after a kill. A
/// worker with no breakpoint, no `raised` exception breakpoint and no pause runs without a
/// trace function, so debugging one script costs the others nothing. Thread-safe.
///
///     let debugger = ScriptDebugger(hook: server)      // held weakly
///     pipeline.scripts.debugger = debugger              // on the engine thread
///     debugger.setBreakpoints(file: "scripts/coupon.py", [ScriptBreakpoint(line: 12, condition: "n > 2")])
///     // server.scriptStopped(stop), engine thread: send `stopped`, return;
///     // DAP thread: stop.stackTrace(), stop.scopes(frameID:), stop.variables(reference:...), stop.resume(.next)
public final class ScriptDebugger: @unchecked Sendable {
    private let lock = NSLock()
    private weak var storedHook: (any ScriptDebugHook)?
    private var breakpoints: [String: [ScriptBreakpoint]] = [:]
    private var raised = false
    private var uncaught = false
    private var pauseRequested = false
    /// The worker serving each script now (its port closes when it is killed).
    private var ports: [String: WorkerDebugPort] = [:]
    private var stop: ScriptStop?

    /// Breakpoints and pause reach a running script within its GIL switch interval; one stuck
    /// in a single C call holds the GIL, and its breakpoints then bind when it next loads.
    static let settingPatience: UInt64 = 1_000_000_000

    public init(hook: (any ScriptDebugHook)? = nil) {
        storedHook = hook
    }

    public var hook: (any ScriptDebugHook)? {
        get { lock.withLock { storedHook } }
        set { lock.withLock { storedHook = newValue } }
    }

    /// The stop in progress, if a script is stopped.
    public var currentStop: ScriptStop? { lock.withLock { stop } }

    /// Replaces the breakpoints of `file` (a project-relative script path). The states come
    /// back in the same order: bound now if the script's worker is loaded, else unverified
    /// until it loads (`ScriptDebugHook.breakpointsBound` then tells).
    @discardableResult
    public func setBreakpoints(file: String, _ list: [ScriptBreakpoint]) -> [BreakpointState] {
        let port = lock.withLock {
            breakpoints[file] = list.isEmpty ? nil : list
            return ports[file]
        }
        let pending = list.map { BreakpointState(verified: false, line: $0.line, message: "the script is not loaded yet; the breakpoint binds when it loads") }
        guard let port else { return pending }
        switch sync(file, port) {
        case .success(let states):
            return states
        case .failure where !port.isOpen:  // its worker was killed: the next one gets them
            lock.withLock { if ports[file] === port { ports[file] = nil } }
            return pending
        case .failure(let error):
            return list.map { BreakpointState(verified: false, line: $0.line, message: "cannot reach the script's worker: \(error)") }
        }
    }

    /// Stop when a script raises (`raised`, where it raises) or fails with an exception
    /// nothing caught (`uncaught`, before the fallback is used).
    public func setExceptionBreakpoints(raised: Bool, uncaught: Bool) {
        let all = lock.withLock {
            self.raised = raised
            self.uncaught = uncaught
            return Array(ports.values)
        }
        for port in all { sendExceptions(raised: raised, uncaught: uncaught, to: port) }
    }

    /// Stops the script running now at its next line, or else the next script that runs.
    public func pause() {
        let all = lock.withLock {
            pauseRequested = true
            return Array(ports.values)
        }
        for port in all { _ = port.request(.pause, .giveUp(Self.settingPatience)) { _ throws(WireError) in } }
    }

    /// The debugger leaves: every breakpoint and exception breakpoint cleared, a pause not yet
    /// taken cancelled, a stopped script resumed.
    public func detach() {
        let (all, stopped) = lock.withLock {
            breakpoints = [:]
            raised = false
            uncaught = false
            pauseRequested = false
            return (ports, stop)
        }
        for (_, port) in all {
            _ = send([], to: port)
            sendExceptions(raised: false, uncaught: false, to: port)
            _ = port.request(.cancelPause, .giveUp(Self.settingPatience)) { _ throws(WireError) in }
        }
        try? stopped?.resume(.continue)
    }

    // MARK: the runtime's side (engine thread)

    /// A worker is about to load `file`: it gets the breakpoints (bound when it compiles the
    /// script, before its top level runs), the exception settings and a pending pause.
    func workerStarting(file: String, port: WorkerDebugPort) {
        let (raised, uncaught, pause) = lock.withLock {
            ports[file] = port
            return (self.raised, self.uncaught, pauseRequested)
        }
        _ = sync(file, port, always: false)
        if raised || uncaught { sendExceptions(raised: raised, uncaught: uncaught, to: port) }
        if pause { _ = port.request(.pause, .giveUp(Self.settingPatience)) { _ throws(WireError) in } }
    }

    /// A runtime lets go of its workers (its debugger changes): they run untraced again, and
    /// the breakpoints stay here for the next runtime.
    func release(_ released: [(file: String, port: WorkerDebugPort)]) {
        lock.withLock {
            for (file, port) in released where ports[file] === port { ports[file] = nil }
        }
        for (_, port) in released {
            _ = send([], to: port)
            sendExceptions(raised: false, uncaught: false, to: port)
            _ = port.request(.cancelPause, .giveUp(Self.settingPatience)) { _ throws(WireError) in }
        }
    }

    func stopped(_ stop: ScriptStop) {
        let (hook, others) = lock.withLock { () -> ((any ScriptDebugHook)?, [WorkerDebugPort]) in
            self.stop = stop
            // A pause is taken by the first script to stop; the others forget it.
            guard pauseRequested else { return (storedHook, []) }
            pauseRequested = false
            return (storedHook, ports.filter { $0.key != stop.file }.map(\.value))
        }
        for port in others { _ = port.request(.cancelPause, .giveUp(Self.settingPatience)) { _ throws(WireError) in } }
        if let hook { hook.scriptStopped(stop) } else { try? stop.resume(.continue) }
    }

    func resumed() {
        let ended = lock.withLock {
            defer { stop = nil }
            return stop
        }
        ended?.markResumed()
    }

    func bound(file: String, _ states: [BreakpointState]) {
        hook?.breakpointsBound(file: file, states)
    }

    /// Sends `file`'s breakpoints to its worker until what was sent is still what is wanted:
    /// the DAP thread and the engine thread (a worker loading) may send at once.
    /// `always`: send even an empty list (clearing); a loading worker has none to clear.
    private func sync(_ file: String, _ port: WorkerDebugPort, always: Bool = true) -> Result<[BreakpointState], ScriptDebugError> {
        var sent: [ScriptBreakpoint]? = nil
        var result: Result<[BreakpointState], ScriptDebugError> = .success([])
        while true {
            let wanted = lock.withLock { breakpoints[file] ?? [] }
            if wanted == sent || (sent == nil && wanted.isEmpty && !always) { return result }
            result = send(wanted, to: port)
            sent = wanted
            if case .failure = result { return result }
        }
    }

    private func send(_ list: [ScriptBreakpoint], to port: WorkerDebugPort) -> Result<[BreakpointState], ScriptDebugError> {
        port.request(.setBreakpoints, .giveUp(Self.settingPatience), fields: { out in
            out.u32(UInt32(list.count))
            for breakpoint in list {
                out.i64(Int64(breakpoint.line))
                out.optionalString(breakpoint.condition)
                out.optionalString(breakpoint.hitCondition)
                out.optionalString(breakpoint.logMessage)
            }
        }, reply: Self.states)
    }

    private func sendExceptions(raised: Bool, uncaught: Bool, to port: WorkerDebugPort) {
        _ = port.request(.setExceptionBreakpoints, .giveUp(Self.settingPatience), fields: { out in
            out.bool(raised)
            out.bool(uncaught)
        }) { _ throws(WireError) in }
    }

    static func states(_ reader: inout WireReader) throws(WireError) -> [BreakpointState] {
        try (0..<reader.u32()).map { _ throws(WireError) in
            BreakpointState(verified: try reader.bool(), line: Int(try reader.i64()), message: try reader.optionalString())
        }
    }
}
