import Foundation
import Synchronization

/// Where script workers come from. The process keeps one warm spare worker (Python started,
/// sandbox built, confined, waiting): taking it costs no start-up on the event path, and a
/// new spare starts at once in the background of the operating system.
public enum ScriptWorkerSupply {
    /// How a worker is started; only tests use anything but the default.
    struct Options: Equatable, Sendable {
        /// Test-only: scripts get the real builtins and modules (no Python layer), so tests
        /// can show what the operating system's confinement alone refuses.
        var unguarded = false
        var heapMiB = 256

        var arguments: [String] {
            (unguarded ? ["--unguarded"] : []) + ["--heap-mib", String(heapMiB)]
        }
    }

    private static let spare = Mutex<ScriptWorker?>(nil)

    /// Workers started by this process (for tests and `bench decide`).
    static let started = Atomic<Int>(0)

    /// A fresh worker with no script loaded, started up and confined. `replenish`: start the
    /// next spare (scripts do; `check`'s one scanner per process does not need one).
    static func take(_ options: Options = Options(), replenish: Bool = true) throws(ScriptWorkerError) -> ScriptWorker {
        let worker = try takeStarting(options, replenish: replenish)
        guard worker.awaitReady() else {
            let ending = worker.kill()
            throw ScriptWorkerError("the script worker did not start: it \(ending)")
        }
        return worker
    }

    private static func takeStarting(_ options: Options, replenish: Bool) throws(ScriptWorkerError) -> ScriptWorker {
        guard options == Options() else { return try start(options) }
        let warm = spare.withLock { spare -> ScriptWorker? in
            defer { spare = nil }
            return spare
        }
        if replenish {
            let next = try? start(options)
            spare.withLock { $0 = next }
        }
        if let warm, warm.isAlive { return warm }
        return try start(options)
    }

    private static func start(_ options: Options) throws(ScriptWorkerError) -> ScriptWorker {
        guard let executable = executable else {
            throw ScriptWorkerError("cannot find featide-script-worker next to \(CommandLine.arguments.first ?? "featide"); "
                                    + "set FEATIDE_SCRIPT_WORKER to its path")
        }
        started.add(1, ordering: .relaxed)
        return try ScriptWorker.spawn(executable: executable, arguments: options.arguments)
    }

    /// `FEATIDE_SCRIPT_WORKER`, or `featide-script-worker` beside the running executable
    /// (the test runner's too: they share the build folder).
    static let executable: String? = {
        if let path = ProcessInfo.processInfo.environment["FEATIDE_SCRIPT_WORKER"] { return path }
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidate = own.appendingPathComponent("featide-script-worker").path
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }()
}
