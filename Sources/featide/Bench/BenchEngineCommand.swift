import ArgumentParser
import Engine
import EngineProtocol
import EngineServer
import Foundation

/// `bench engine`: the engine instance as a user drives it — a real `featide engine` process
/// with projects/shopping deployed, events sent in batches through its unix socket and logged
/// durably — beside the same events through an in-process pipeline; deploy latency with and
/// without the gate; query round trips; restart-to-serving after `kill -9`.
struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure the engine instance: ingest through the socket, deploys, queries, restart after kill -9.")

    @Option(help: "Events to send.") var events = 200_000
    @Option(help: "Events per send request.") var batch = 1_000
    @Option(help: "Queries to time.") var queries = 5_000
    @Option(help: "The project to deploy.") var project = "projects/shopping"
    @Option(help: "The engine's --snapshot-every (events); more than --events measures a restart that replays everything.")
    var snapshotEvery = 100_000
    @Flag(help: "Ask for every feature's value each second while sending, as an IDE's Features pane does.")
    var pollValues = false
    @Flag(help: "The same, tracking every feature's changes (what the Features pane asks while shown).")
    var track = false

    func run() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("featide-bench-engine-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let lines = BenchPipelineWorkload.jsonLines(BenchPipelineWorkload.events(count: events)).split(separator: "\n").map(String.init)
        // Batches go as JSON Lines (`SendParams(lines:)`), as `featide send` sends a file.

        let inProcess = try inProcessRate(lines)
        print(String(format: "in-process (decode + pipeline, as `featide run`): %.0f events/s", inProcess))

        let engine = try BenchEngineProcess(project: project, state: state, snapshotEvery: snapshotEvery)
        defer { engine.stop() }  // also when a step throws: no engine left behind
        let bundle = try ProjectBundle.pack(root: project)
        var client = try engine.client()
        let deploy = try time { _ = try client.call(.deploy, DeployParams(bundle: bundle, author: "bench", gate: []), as: DeployResult.self) }
        let gated = try time {
            let self_ = FeatideRun(arguments: ["deploy", project, "--engine", engine.address])
            try self_.run()
        }
        print(String(format: "deploy (edit → live): %.1f ms without the gate (pack, send, validate, activate); %.1f ms through `featide deploy` with the gate",
                     deploy * 1000, gated * 1000))

        // The first batch, untimed; then tracking, if asked, which lapses unless asked again:
        // a second client asks each half second meanwhile.
        let first = min(batch, lines.count)
        _ = try client.call(.send, SendParams(lines: lines[..<first].joined(separator: "\n")), as: SendResult.self)
        let tracking = track || pollValues
            ? try Tracking(engine: engine, features: track ? try loadValidProject(project).features.map(\.name) : []) : nil
        defer { tracking?.stop() }
        let timed = lines[first...]
        // The serving process's CPU time while sending: steadier than the rate on a shared machine.
        let serving = try client.call(.status, Empty(), as: StatusResult.self).pid
        let cpuBefore = Self.cpuSeconds(of: serving)
        var late = 0
        let sending = try time {
            // As `featide send` does: one batch in flight while the next is encoded.
            var inFlight: [RPCID] = []
            func settle() throws {
                let result = try client.receive(inFlight.removeFirst(), of: .send, as: SendResult.self)
                guard result.rejected == 0 else { throw ValidationError("the engine rejected events: \(result.errors)") }
                late += result.late
            }
            var pending = SendLinesWriter()
            for start in stride(from: timed.startIndex, to: timed.endIndex, by: batch) {
                for var line in timed[start..<min(start + batch, timed.endIndex)] { line.withUTF8 { pending.append($0) } }
                inFlight.append(try client.post(pending))
                pending.removeAll()
                if inFlight.count > 1 { try settle() }
            }
            while !inFlight.isEmpty { try settle() }
        }
        let rate = Double(timed.count) / sending
        let cpu = Self.cpuSeconds(of: serving) - cpuBefore
        print(String(format: "through the socket, batches of %d (one in flight while the next is encoded), durable%@: %.0f events/s (%.0f%% of in-process); the engine's CPU %.2f µs per event",
                     batch, track ? ", values asked each second, every feature's changes tracked" : pollValues ? ", values asked each second" : "", rate, rate / inProcess * 100, cpu / Double(timed.count) * 1e6))
        if late > 0 {
            // The workload is in order and reads never move the clock: none should be.
            print("\(late) events dropped as late")
        }
        if let tracking, track {
            tracking.stop()
            print("tracked changes kept at the end: \(try tracking.changesKept(engine)) (the last 20 per feature)")
        }

        // Features the wall clock cannot move (lifetime, last N): sliding windows go on
        // expiring while the engine restarts, as they would on the device.
        let timeless = ["categories_seen", "price_p90", "last_viewed_items", "user_level"]
        let before = try timeless.map { try client.call(.query, QueryParams(name: $0, key: nil), as: QueryResult.self).value }
        if let snapshot = try client.call(.status, Empty(), as: StatusResult.self).snapshot {
            print(String(format: "last snapshot while sending: %.1f MB; the engine held %.2f ms to capture it, written %.1f ms later on another thread",
                         Double(snapshot.bytes) / 1e6, snapshot.heldMilliseconds, snapshot.writtenMilliseconds))
        }
        // kill -9 of the serving process straight after the last batch (before the engine is
        // idle long enough for a snapshot); its supervisor starts it again, which loads the
        // newest snapshot and replays the events after it.
        let replayed = try restartAfterKill(&client, engine, timeless, before, "straight after sending")
        var samples: [UInt64] = []
        let names = ["home_click_count_10m", "home_click_amount_10m", "top_categories", "price_p90"]
        for i in 0..<queries {
            let started = DispatchTime.now().uptimeNanoseconds
            _ = try client.call(.query, QueryParams(name: names[i % names.count], key: nil), as: QueryResult.self)
            samples.append(DispatchTime.now().uptimeNanoseconds - started)
        }
        let stats = LatencyStats(samples)
        print(String(format: "query round trip over the unix socket: p50 %.0f µs, p99 %.0f µs", stats.p50 / 1000, stats.p99 / 1000))

        // Once idle for a second after replaying, the engine takes a snapshot: a restart then
        // replays nothing.
        let idleSince = DispatchTime.now().uptimeNanoseconds
        while replayed > 0, try client.call(.status, Empty(), as: StatusResult.self).snapshot == nil,
              DispatchTime.now().uptimeNanoseconds - idleSince < 10_000_000_000 {
            usleep(100_000)
        }
        _ = try restartAfterKill(&client, engine, timeless, before, "after the idle snapshot")
    }

    /// `kill -9`, then the time until the supervisor's new engine answers `status`.
    private func restartAfterKill(_ client: inout EngineClient, _ engine: BenchEngineProcess, _ timeless: [String],
                                  _ before: [String], _ when: String) throws -> Int {
        let killed = try client.call(.status, Empty(), as: StatusResult.self).pid
        kill(killed, SIGKILL)
        var replayed = 0
        let restart = try time {
            while true {
                if let again = try? engine.client(), let status = try? again.call(.status, Empty(), as: StatusResult.self),
                   status.pid != killed {
                    client = again
                    replayed = status.eventsReplayed
                    break
                }
                usleep(1_000)
            }
        }
        let after = try timeless.map { try client.call(.query, QueryParams(name: $0, key: nil), as: QueryResult.self).value }
        print(String(format: "restart after kill -9 %@ → serving again (snapshot + %d events replayed): %.2f s; %@ (%@)",
                     when, replayed, restart, before == after ? "the same answers" : "answers DIFFER", timeless.joined(separator: ", ")))
        for (name, (b, a)) in zip(timeless, zip(before, after)) where b != a { print("  \(name): before \(b), after \(a)") }
        return replayed
    }

    /// User + system CPU seconds a process has used (`/proc/PID/stat`, clock ticks).
    static func cpuSeconds(of pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return 0 }
        // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func inProcessRate(_ lines: [String]) throws -> Double {
        let loaded = try loadValidProject(project)
        let pipeline = try EnginePipeline(project: loaded, consumed: Set(loaded.features.map(\.name)))
        var decoder = EventDecoder()
        return Double(lines.count) / (try time {
            for line in lines {
                var bytes = Array(line.utf8)
                let decoded = bytes.withUnsafeMutableBufferPointer { decoder.decodeLine(UnsafeBufferPointer($0), lineNumber: 1) }
                if case .success(let event) = decoded { pipeline.submit(event) }
            }
        })
    }

    private func time(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// A child `featide engine` for the bench.
struct BenchEngineProcess {
    let process: Process
    let state: String
    var address: String { "unix:\(state)/engine.sock" }

    init(project: String, state: String, snapshotEvery: Int) throws {
        self.state = state
        guard let process = try EngineLaunch.start(["engine", project, "--state", state, "--listen", "unix:\(state)/engine.sock",
                                                    "--snapshot-every", String(snapshotEvery)],
                                                   socket: state + "/engine.sock", stderr: nil) else {
            throw ValidationError("the engine did not start")
        }
        self.process = process
    }

    func client() throws -> EngineClient {
        let client = try EngineClient(address: .unix(state + "/engine.sock"))
        try client.authenticate(tokenFile: state + "/token")
        return client
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Runs another `featide` command as a child (the user's path, output discarded).
struct FeatideRun {
    let arguments: [String]

    func run() throws {
        let process = Process()
        process.executableURL = FeatideExecutable.url
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("featide \(arguments.joined(separator: " ")) failed") }
    }
}

/// Asks the engine for every value each second (tracking `features`' changes, which lapses
/// unless asked again), from its own connection and thread, while the benchmark sends.
private final class Tracking: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private let client: EngineClient
    private let features: [String]

    init(engine: BenchEngineProcess, features: [String]) throws {
        client = try engine.client()
        self.features = features
        _ = try client.call(.values, ValuesParams(track: features), as: ValuesResult.self)
        Thread.detachNewThread { [self] in
            while !lock.withLock({ stopped }) {
                usleep(1_000_000)
                _ = try? client.call(.values, ValuesParams(track: features), as: ValuesResult.self)
            }
        }
    }

    func stop() { lock.withLock { stopped = true } }

    /// On a connection of its own: the thread may still be using the first.
    func changesKept(_ engine: BenchEngineProcess) throws -> Int {
        let values = try engine.client().call(.values, ValuesParams(track: features), as: ValuesResult.self)
        return values.features.reduce(0) { $0 + ($1.changes?.count ?? 0) }
    }
}
