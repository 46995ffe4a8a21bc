import ScriptWire

/// The engine's side of a script stopped in the debugger: the call's budget counts running
/// time only, so the deadline waits while the script is stopped and goes on with what was
/// left when it resumes.
extension ScriptRuntime {
    /// A call's time as the engine keeps it: started at `start`, paused while stopped.
    struct CallClock {
        var start: UInt64
        let budget: UInt64
        var stopRequested = false
        var stoppedAt: UInt64?

        /// When to ask for a stop, then when to kill; never while stopped in the debugger.
        var deadline: UInt64 {
            if stoppedAt != nil { return .max }
            return start + (stopRequested ? ScriptRuntime.hardDeadline(budget: budget) : budget)
        }

        mutating func suspend() {
            if stoppedAt == nil { stoppedAt = MonotonicClock.nanoseconds() }
        }

        /// The time stopped does not count: the call started that much later.
        mutating func resume() {
            guard let stoppedAt else { return }
            start += MonotonicClock.nanoseconds() - stoppedAt
            self.stoppedAt = nil
        }
    }

    /// A debugger frame from the worker during a call (decoded first, acted on after, so the
    /// hook may use the stop at once); nil if `raw` is not one.
    static func debugEvent(_ raw: UInt8, _ reader: inout WireReader) throws(WireError) -> DebugEvent? {
        switch WireDebugEvent(rawValue: raw) {
        case .stopped:
            let reason = ScriptStopReason(rawValue: try reader.string()) ?? .pause
            return .stopped(reason: reason, line: Int(try reader.i64()), description: try reader.string(),
                            exception: try reader.optionalString())
        case .resumed:
            return .resumed
        case .breakpointsBound:
            return .bound(try ScriptDebugger.states(&reader))
        case nil:
            return nil
        }
    }

    enum DebugEvent {
        case stopped(reason: ScriptStopReason, line: Int, description: String, exception: String?)
        case resumed
        case bound([BreakpointState])
    }

    func handle(_ event: DebugEvent, _ worker: ScriptWorker, _ path: String, _ clock: inout CallClock) {
        switch event {
        case .stopped(let reason, let line, let description, let exception):
            clock.suspend()
            metrics.debugStops += 1
            let stop = ScriptStop(file: path, reason: reason, line: line, description: description, exceptionText: exception,
                                  port: worker.debugPort)
            if let debugger { debugger.stopped(stop) } else { try? stop.resume(.continue) }
        case .resumed:
            clock.resume()
            debugger?.resumed()
        case .bound(let states):
            debugger?.bound(file: path, states)
        }
    }

    /// Whether the worker serving `path` runs its script under the debugger's trace function
    /// now (nil: not loaded). Tests and `bench decide` check the zero cost with it.
    public func debugTraceInstalled(_ path: String) -> Bool? {
        guard let worker = workers[path], worker.isAlive else { return nil }
        return try? worker.debugPort.request(.traceState, .giveUp(ScriptDebugger.settingPatience)) { reader throws(WireError) in
            try reader.bool()
        }.get()
    }

    /// A debugger attached to a runtime whose scripts are loaded reaches them at once.
    func attachLoadedWorkers(to debugger: ScriptDebugger) {
        for (path, worker) in workers where worker.isAlive {
            debugger.workerStarting(file: path, port: worker.debugPort)
        }
    }
}
