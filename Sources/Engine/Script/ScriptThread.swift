import Foundation

/// The one long-lived thread that runs Python (SPEC §7, notes: a thread that keeps its
/// thread state takes the GIL in ~45 ns; one that creates it each time pays ~400 ns).
/// Work from other threads is handed over and waited for; work already on it runs inline,
/// so an engine loop driven from this thread calls scripts with no hand-over at all.
public final class ScriptThread: @unchecked Sendable {
    static let shared = ScriptThread()

    /// Runs `body` on the script thread: an engine loop driven from there calls its scripts
    /// with no hand-over between threads (benchmarks, a live engine's executor).
    public static func run<T>(_ body: () -> T) -> T { shared.run(body) }

    private let condition = NSCondition()
    private var jobs: [Job] = []
    // Written once by the thread before it takes jobs; read by `isCurrent`.
    nonisolated(unsafe) private var threadID = pthread_t(bitPattern: 0)
    private let started = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [unowned self] in self.loop() }
        thread.name = "featide-script"
        thread.stackSize = 16 << 20  // deep Python recursion runs here
        thread.start()
        started.wait()
    }

    var isCurrent: Bool { pthread_equal(pthread_self(), threadID) != 0 }

    /// Runs `body` on the script thread and returns its result.
    func run<T>(_ body: () -> T) -> T {
        if isCurrent { return body() }
        return withoutActuallyEscaping(body) { escapable in
            let job = Job(escapable)
            condition.lock()
            jobs.append(job)
            condition.signal()
            condition.unlock()
            job.done.wait()
            return job.result as! T
        }
    }

    private func loop() {
        threadID = pthread_self()
        started.signal()
        while true {
            condition.lock()
            while jobs.isEmpty { condition.wait() }
            let job = jobs.removeFirst()
            condition.unlock()
            job.run()
            job.done.signal()
        }
    }

    /// One hand-over: the caller blocks on `done`, so the closure never outlives its call.
    private final class Job: @unchecked Sendable {
        private var body: (() -> Any)?
        var result: Any?
        let done = DispatchSemaphore(value: 0)
        init<T>(_ body: @escaping () -> T) { self.body = { body() } }

        /// Drops the closure before the caller resumes: it must not outlive the call.
        func run() {
            let body = self.body!
            self.body = nil
            result = body()
        }
    }
}
