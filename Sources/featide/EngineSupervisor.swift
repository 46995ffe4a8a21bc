import Foundation
import Synchronization

/// `featide engine` is a supervisor and a serving process: the supervisor restarts a crashed
/// engine within a second, and after a crash loop (5 crashes in a minute) has it roll back to
/// the version live before, saying why. SIGTERM and SIGINT go to the engine; when it exits
/// cleanly the supervisor does too.
struct EngineSupervisor {
    static let crashLoop = (count: 5, seconds: 60.0)
    static let restartDelay: useconds_t = 200_000

    let arguments: [String]

    func run() -> Int32 {
        let child = Mutex<Process?>(nil)
        let stopping = Atomic<Bool>(false)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stopping.store(true, ordering: .relaxed)
                _ = child.withLock { $0.map { kill($0.processIdentifier, number) } }
            }
            source.resume()
            sources.append(source)
        }
        var crashes: [Date] = []
        var rollback: String?
        while true {
            let process = Process()
            process.executableURL = FeatideExecutable.url
            process.arguments = arguments + ["--serve"] + (rollback.map { ["--roll-back", $0] } ?? [])
            rollback = nil
            do { try process.run() } catch {
                printError("featide engine: cannot start the engine process: \(error)")
                return 1
            }
            child.withLock { $0 = process }
            process.waitUntilExit()
            child.withLock { $0 = nil }
            let clean = process.terminationReason == .exit && process.terminationStatus == 0
            if clean || stopping.load(ordering: .relaxed) { return clean ? 0 : process.terminationStatus }
            if process.terminationReason == .exit && process.terminationStatus == 1 {
                return 1  // it could not start (state, address): restarting would not help
            }
            let how = process.terminationReason == .uncaughtSignal ? "was killed by signal \(process.terminationStatus)"
                : "exited with status \(process.terminationStatus)"
            let now = Date()
            crashes = crashes.filter { now.timeIntervalSince($0) < Self.crashLoop.seconds } + [now]
            if crashes.count >= Self.crashLoop.count {
                rollback = "\(crashes.count) crashes within \(Int(Self.crashLoop.seconds)) s"
                crashes = []
                printError("featide engine: the engine process \(how); crash loop (\(rollback!)): restarting on the version live before")
            } else {
                printError("featide engine: the engine process \(how); restarting")
            }
            usleep(Self.restartDelay)
        }
    }
}
