import Foundation
import Synchronization

/// The last resort for a script the watchdog cannot stop: one stuck inside a single C call
/// (`max(itertools.count())`) holds the GIL and never reaches a bytecode boundary, so no
/// exception can be raised into it. Past fifty times its budget (at least five seconds, so a
/// busy machine descheduling the script thread never trips it) this thread —
/// which needs no GIL — says which script it was and ends the process with status 70, so the
/// engine's supervisor restarts it rather than the engine hanging for ever.
final class StuckScriptReaper: @unchecked Sendable {
    static let exitStatus: Int32 = 70  // EX_SOFTWARE
    private let hardDeadline = Atomic<UInt64>(0)  // uptime nanoseconds; 0: nothing running
    private let running = Mutex<(caller: String, script: String, budget: TimeSpan)>(("", "", TimeSpan(milliseconds: 0)))

    func start() {
        let thread = Thread { [self] in watch() }
        thread.name = "featide-script-reaper"
        thread.start()
    }

    /// On the script thread, before an invocation.
    func arm(caller: String, script: String, budget: TimeSpan, from start: UInt64) {
        running.withLock { $0 = (caller, script, budget) }
        let grace = max(UInt64(max(budget.milliseconds, 1)) * 50_000_000, 5_000_000_000)
        hardDeadline.store(start &+ grace, ordering: .releasing)
    }

    func disarm() {
        hardDeadline.store(0, ordering: .releasing)
    }

    private func watch() {
        while true {
            usleep(50_000)
            let due = hardDeadline.load(ordering: .acquiring)
            guard due != 0, DispatchTime.now().uptimeNanoseconds > due else { continue }
            let (caller, script, budget) = running.withLock { $0 }
            FileHandle.standardError.write(Data((
                "featide: \(caller) (\(script)) is stuck far past its \(budget) budget inside a single call "
                + "the engine cannot interrupt; stopping the engine process so that its supervisor restarts it\n").utf8))
            _exit(Self.exitStatus)
        }
    }
}
