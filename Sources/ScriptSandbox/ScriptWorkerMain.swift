import CPythonShim
import Glibc
import ScriptWire

/// The script worker process: started by the engine with its channel on fd 3 and its control
/// socket on fd 4, in an empty working directory. It limits itself, starts Python and the
/// sandbox, confines itself, then serves requests until the engine closes the channel.
public enum ScriptWorkerMain {
    struct Options {
        var unguarded = false
        var heapMiB = 256
        var cpuSeconds = 3600
    }

    public static func run(_ arguments: [String]) -> Never {
        var options = Options()
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--unguarded": options.unguarded = true
            case "--heap-mib": options.heapMiB = rest.popFirst().flatMap { Int($0) } ?? options.heapMiB
            case "--cpu-seconds": options.cpuSeconds = rest.popFirst().flatMap { Int($0) } ?? options.cpuSeconds
            default: fatal("unknown argument \(argument); this program is started by featide, not by hand")
            }
        }
        WorkerConfinement.removeWorkingDirectory()
        WorkerConfinement.limitResources(addressSpace: (options.heapMiB + 768) << 20, cpuSeconds: options.cpuSeconds)
        let interpreter = PythonInterpreter(heapLimit: options.heapMiB << 20)
        let session = ScriptSession(interpreter: interpreter, unguarded: options.unguarded, channel: WireDescriptors.channel)
        ScriptSession.current = session
        let stops = StopListener(control: WireDescriptors.control, interpreter: interpreter)
        stops.start()
        let debugger = WorkerDebugger(bootstrap: interpreter.bootstrap, mainState: interpreter.mainState,
                                      channel: WireDescriptors.channel)
        WorkerDebugger.shared = debugger
        DebugListener(socket: WireDescriptors.debug, debugger: debugger).start()
        CrashReporter.install(control: WireDescriptors.control, mainState: interpreter.mainState)
        if let problem = WorkerConfinement.confine() { fatal("cannot confine the worker: \(problem)") }
        // Ready: the engine starts a load's budget only after this, so start-up never counts.
        session.out.beginFrame(.ready)
        session.out.finishFrame()
        _ = session.send()
        serve(session, stops)
    }

    /// How long the worker keeps looking for the next request before it sleeps.
    static let spinBeforeSleeping: UInt64 = 50_000

    private static func serve(_ session: ScriptSession, _ stops: StopListener) -> Never {
        var inbox = FrameInbox()
        while true {
            guard case .frame(let raw, let payload) = nextFrame(&inbox, session.channel), let kind = WireMessage(rawValue: raw) else {
                exit(0)  // the engine closed the channel, or sent something that is not a frame
            }
            let problem = inbox.read(payload) { reader throws(WireError) in try handle(kind, &reader, session, stops) }
            if case .failure(let error) = problem { fatal("malformed request from the engine: \(error)") }
        }
    }

    /// The next request. Waiting for the engine, the GIL is free (the stop listener may need
    /// it); a burst of calls is caught spinning, an idle worker then sleeps in `recv`.
    private static func nextFrame(_ inbox: inout FrameInbox, _ channel: Int32) -> FrameInbox.Next {
        if case .frame(let kind, let payload) = inbox.next() { return .frame(kind, payload) }
        let state = PyEval_SaveThread()
        defer { PyEval_RestoreThread(state) }
        var spun = false
        while true {
            switch inbox.next() {
            case .incomplete: break
            case let other: return other
            }
            if !spun {
                spun = true
                if inbox.spin(on: channel, nanoseconds: spinBeforeSleeping) { continue }
            }
            if case .closed = inbox.fill(from: channel, blocking: true) { return .malformed }
        }
    }

    private static func handle(_ kind: WireMessage, _ reader: inout WireReader, _ session: ScriptSession,
                               _ stops: StopListener) throws(WireError) {
        switch kind {
        case .load:
            let serial = try reader.u64()
            let path = try reader.string()
            let source = try reader.string()
            session.beginCall()
            if let failure = session.load(path: path, source: source, stops: stops, serial: serial) {
                session.sendFailure(failure)
            } else {
                session.out.beginFrame(.loaded)
                session.out.finishFrame()
                _ = session.send()
            }
        case .call:
            try session.call(&reader, stops: stops)
        case .scan:
            let path = try reader.string()
            let source = try reader.string()
            let scanned = ScriptSession.scan(source: source, path: path, session.interpreter.bootstrap)
            session.out.beginFrame(.scanned)
            session.out.u32(UInt32(scanned.findings.count))
            for finding in scanned.findings {
                session.out.i64(Int64(finding.line))
                session.out.i64(Int64(finding.column))
                session.out.string(finding.reason.rawValue)
                session.out.string(finding.message)
            }
            session.out.u32(UInt32(scanned.functions.count))
            scanned.functions.forEach { session.out.string($0) }
            session.out.finishFrame()
            _ = session.send()
        case .bench:
            try session.bench(&reader)
        default:
            throw WireError("a worker does not take \(kind)")
        }
    }
}
