import Engine
import EngineProtocol
import Foundation
import Mock

/// One simulated device (SPEC §9): the active deployment, its pipeline, the durable store.
/// Not thread-safe: the server calls it from one serial queue, so events stay ordered.
public final class EngineInstance {
    public let stateDirectory: String
    let store: EngineStore
    internal(set) var active: ActiveDeployment?
    private let startedAt = WallClock().now()
    private var counters = (accepted: 0, late: 0, rejected: 0, replayed: 0)
    /// The device clock: the newest event's time, moved on by the wall clock since it came.
    private var newestEvent: (ts: Int64, wall: Int64)?
    /// Wall time of the last batch of events: the clock moves timers on only once it is idle.
    private var lastArrival: Int64 = 0
    /// How long no event must arrive before the wall clock moves the pipeline on by itself.
    static let idleBeforeTicking: Int64 = 1_000
    private var replaying = false
    private var unsavedLogs: [LogEntry] = []
    private var subscribers: [Int: (LogEntry) -> Void] = [:]

    /// Opens (or creates) the state under `stateDirectory` and restores the active version:
    /// its project, then every event accepted since it went live, replayed in order.
    /// - Parameter rollingBack: the supervisor saw a crash loop: make the version live before
    ///   the current one again, before anything of the current one runs.
    /// - Parameter logRetention: log records kept (older ones are dropped as new ones come).
    public init(stateDirectory: String, rollingBack: String? = nil, logRetention: Int = 10_000) throws {
        self.stateDirectory = stateDirectory
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        store = try EngineStore(path: URL(fileURLWithPath: stateDirectory).appendingPathComponent("engine.sqlite").path,
                                logRetention: logRetention)
        if let why = rollingBack, let current = try store.currentActivation(), let previous = try store.previousVersion() {
            _ = try store.activate(version: previous, at: WallClock().now(), reason: "automatic rollback: \(why)")
            try restore()
            record(#"{"record":"rollback","version":\#(previous),"from":\#(current.version),"automatic":true,"reason":"\#(why)"}"#, ts: now(), level: "error")
            flushLogs()
            return
        }
        try restore()
    }

    /// Every activation in order, each version taking over the state of the one before (as
    /// its deploy did) and replaying the events it accepted: the live state is rebuilt
    /// exactly, kept features included.
    private func restore() throws {
        replaying = true
        defer { replaying = false }
        let decoder = EventDecoder()
        for (activation, version) in try store.activations() {
            guard let bundle = try store.bundle(version: version) else { continue }
            let deployment = try load(version: version, bundle: bundle, activation: activation)
            if let previous = active { _ = deployment.pipeline.adoptState(from: previous.pipeline) }
            install(deployment)
            try store.forEachBatch(activation: activation) { lines, acceptedAt in
                var bytes = Array(lines.utf8)
                bytes.withUnsafeMutableBufferPointer { buffer in
                    decoder.decodeLines(UnsafeBufferPointer(buffer)) { decoded in
                        if case .success(let event) = decoded { submit(event, acceptedAt: acceptedAt) }
                        counters.replayed += 1
                    }
                }
            }
        }
    }

    /// The version's folder (unpacked again if missing), loaded and compiled.
    private func load(version: Int, bundle: DeployBundle, activation: Int64) throws(ProjectBundle.Refused) -> ActiveDeployment {
        let directory = ActiveDeployment.directory(version: version, in: stateDirectory)
        if !FileManager.default.fileExists(atPath: directory) { try ProjectBundle.unpack(bundle, into: directory) }
        return try ActiveDeployment(version: version, activation: activation, contentHash: bundle.contentHash,
                                    directory: directory, at: WallClock().now())
    }

    private func install(_ deployment: ActiveDeployment) {
        let pipeline = deployment.pipeline
        pipeline.onLog = { [unowned self] in record(RunRecord.log($0).jsonLine, ts: $0.ts, level: $0.level.rawValue) }
        pipeline.onDecision = { [unowned self] in record(RunRecord.decision($0).jsonLine, ts: $0.ts, level: "info") }
        pipeline.onMatch = { [unowned self] in record(RunRecord.match($0).jsonLine, ts: $0.ts, level: "info") }
        active = deployment
    }

    // MARK: clock

    /// Engine time now (ms): with no event yet, the wall clock.
    public func now() -> Int64 {
        let wall = WallClock().now()
        guard let newestEvent else { return wall }
        return newestEvent.ts + max(0, wall - newestEvent.wall)
    }

    /// Moves the pipeline to engine time once no event has come for a second: timers
    /// (`within`, absence) fire while the device is quiet, and a stream being sent — several
    /// clients, or a file in batches — is never overtaken by the clock and made late.
    public func tick() {
        guard let active, newestEvent != nil, WallClock().now() - lastArrival >= Self.idleBeforeTicking else { return }
        active.pipeline.advance(to: now())
        flushLogs()
    }

    private func submit(_ event: Event, acceptedAt wall: Int64) {
        guard let active else { return }
        let ts = event.ts
        if ts > newestEvent?.ts ?? .min { newestEvent = (ts, wall) }
        active.pipeline.submit(event)
    }

    // MARK: methods

    public func deploy(_ params: DeployParams) -> Result<DeployResult, RPCError> {
        do {
            let version = try store.nextVersion()
            let directory = ActiveDeployment.directory(version: version, in: stateDirectory)
            try? FileManager.default.removeItem(atPath: directory)  // a failed attempt's leftovers
            let deployment: ActiveDeployment
            do {
                try ProjectBundle.unpack(params.bundle, into: directory)
                deployment = try ActiveDeployment(version: version, activation: 0, contentHash: params.bundle.contentHash,
                                                  directory: directory, at: WallClock().now())
            } catch {
                try? FileManager.default.removeItem(atPath: directory)
                return .failure(.refused("deploy refused: \(error.description); version \(active.map { String($0.version) } ?? "none") stays live"))
            }
            let kept = active.map { deployment.pipeline.adoptState(from: $0.pipeline) } ?? []
            let plan = DeploymentPlan.lines(from: active?.project, to: deployment.project, kept: kept)
            deployment.activation = try store.addAndActivate(version: version, params.bundle, project: deployment.project.manifest.name,
                                                             author: params.author, gate: params.gate, at: WallClock().now())
            install(deployment)
            record(#"{"record":"deploy","version":\#(version),"hash":"\#(params.bundle.contentHash)"}"#, ts: now(), level: "info")
            flushLogs()
            return .success(DeployResult(version: version, contentHash: params.bundle.contentHash, plan: plan))
        } catch {
            return .failure(.refused("deploy failed: \(error); the previous version stays live"))
        }
    }

    public func rollback(_ params: RollbackParams) -> Result<DeploymentInfo, RPCError> {
        do {
            guard let target = try params.to ?? store.previousVersion() else {
                return .failure(.refused("nothing to roll back to: no earlier version was live"))
            }
            guard let bundle = try store.bundle(version: target) else {
                return .failure(.notFound("there is no version \(target); `featide deployments` lists them"))
            }
            let deployment: ActiveDeployment
            do { deployment = try load(version: target, bundle: bundle, activation: 0) } catch {
                return .failure(.refused("rollback refused: \(error.description)"))
            }
            if let active { _ = deployment.pipeline.adoptState(from: active.pipeline) }
            deployment.activation = try store.activate(version: target, at: WallClock().now(), reason: "rollback")
            install(deployment)
            record(#"{"record":"rollback","version":\#(target)}"#, ts: now(), level: "info")
            flushLogs()
            guard let info = try store.deployments(active: target).first(where: { $0.version == target }) else {
                return .failure(.notFound("version \(target) vanished"))
            }
            return .success(info)
        } catch {
            return .failure(.refused("rollback failed: \(error)"))
        }
    }

    public func deployments() -> Result<[DeploymentInfo], RPCError> {
        Result { try store.deployments(active: active?.version) }.mapError { .refused("cannot read deployments: \($0)") }
    }

    public func status(clients: Int) -> StatusResult {
        let decisions = active?.pipeline.decisionMetrics
        let scripts = active?.pipeline.scripts.metrics
        return StatusResult(
            pid: getpid(), version: active?.version, project: active?.project.manifest.name, contentHash: active?.contentHash,
            deployedAt: active?.activatedAt, uptimeMilliseconds: WallClock().now() - startedAt,
            eventsAccepted: counters.accepted, eventsLate: active?.pipeline.metrics.eventsLate ?? 0, eventsRejected: counters.rejected,
            eventsReplayed: counters.replayed, decisions: decisions?.actions ?? 0, scriptFailures: decisions?.scriptFailures ?? 0,
            workersStarted: scripts?.workersStarted ?? 0, workerCrashes: scripts?.crashes ?? 0, clients: clients)
    }

    public func query(_ params: QueryParams) -> Result<QueryResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        guard active.project.features.contains(where: { $0.name == params.name }) else {
            let known = active.project.features.map(\.name).sorted()
            return .failure(.notFound("unknown feature '\(params.name)'; version \(active.version) has \(known.joined(separator: ", "))"))
        }
        var key: CELValue?
        if let text = params.key {
            guard let parsed = JSONToCEL.value(text) else {
                return .failure(.invalidParams("key '\(text)' is not JSON text (a string key is written \"shoes\")"))
            }
            key = parsed
        }
        let value = active.pipeline.value(of: params.name, key: key, at: now())
        flushLogs()
        return .success(QueryResult(value: PlainJSON.text(value)))
    }

    /// Decodes, logs durably (one transaction per batch), then applies the batch's events.
    public func send(_ params: SendParams) -> Result<SendResult, RPCError> {
        guard let active else { return .failure(.refused("nothing is deployed; run `featide deploy` first")) }
        var batch = SendBatch(decoder: EventDecoder())
        switch (params.events, params.lines) {
        case (let events?, nil):
            for (i, line) in events.enumerated() {
                // JSON Lines: one event, one line (the log stores a batch as lines).
                guard !line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                    batch.reject("event \(i + 1): an event must be one line of JSON; this one spans several")
                    continue
                }
                var line = line
                line.withUTF8 { batch.take($0, number: i + 1) }
            }
        case (nil, var lines?):
            lines.withUTF8 { batch.takeLines($0) }
        default:
            return .failure(.invalidParams("send: give either events (a list) or lines (JSON Lines), one of them"))
        }
        for error in batch.malformed { active.pipeline.recordMalformed(error, source: "send") }
        let wall = WallClock().now()
        lastArrival = wall
        do { try store.appendBatch(batch.acceptedLines, activation: active.activation, at: wall) } catch {
            return .failure(.refused("the events could not be stored (\(error)); none were accepted"))
        }
        let lateBefore = active.pipeline.metrics.eventsLate
        for event in batch.events { submit(event, acceptedAt: wall) }
        let late = active.pipeline.metrics.eventsLate - lateBefore
        counters.accepted += batch.events.count - late
        counters.rejected += batch.rejected
        flushLogs()
        return .success(SendResult(accepted: batch.events.count - late, late: late, rejected: batch.rejected, errors: batch.errors))
    }

    public func logs(_ params: LogsParams) -> Result<LogsResult, RPCError> {
        flushLogs()
        let minimum = params.level.flatMap { LogRecord.Level(rawValue: $0) }
        if let level = params.level, minimum == nil {
            return .failure(.invalidParams("level '\(level)' is not one of debug, info, warn, error"))
        }
        var pattern: NSRegularExpression?
        if let grep = params.grep {
            do { pattern = try NSRegularExpression(pattern: grep) } catch {
                return .failure(.invalidParams("grep '\(grep)' is not a regular expression: \(error.localizedDescription)"))
            }
        }
        do {
            let entries = try store.logs(since: params.since, limit: store.logRetention).filter { Self.matches($0, minimum, pattern) }
            return .success(LogsResult(entries: Array(entries.suffix(params.limit ?? 100))))
        } catch {
            return .failure(.refused("cannot read logs: \(error)"))
        }
    }

    static func matches(_ entry: LogEntry, _ minimum: LogRecord.Level?, _ pattern: NSRegularExpression?) -> Bool {
        if let minimum, let level = LogRecord.Level(rawValue: entry.level), level < minimum { return false }
        if let pattern, pattern.firstMatch(in: entry.line, range: NSRange(entry.line.startIndex..., in: entry.line)) == nil { return false }
        return true
    }

    // MARK: logs

    /// Every log line of a live pipeline: stored (after each request) and sent to followers.
    /// Replays after a restart are not logged again.
    private func record(_ line: String, ts: Int64, level: String) {
        guard !replaying else { return }
        let entry = LogEntry(line: line, ts: ts, level: level)
        unsavedLogs.append(entry)
        for subscriber in subscribers.values { subscriber(entry) }
    }

    public func flushLogs() {
        guard !unsavedLogs.isEmpty else { return }
        try? store.appendLogs(unsavedLogs)
        unsavedLogs.removeAll(keepingCapacity: true)
    }

    public func subscribe(_ id: Int, _ handler: @escaping (LogEntry) -> Void) { subscribers[id] = handler }
    public func unsubscribe(_ id: Int) { subscribers[id] = nil }
}
