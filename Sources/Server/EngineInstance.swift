import Engine
import EngineProtocol
import Foundation
import Mock

/// One simulated device (SPEC §9): the active deployment, its pipeline, the durable store.
/// Not thread-safe: the server calls it from one serial queue, so events stay ordered.
public final class EngineInstance {
    public let stateDirectory: String
    let store: EngineStore
    var active: ActiveDeployment?
    let startedAt = WallClock().now()
    var counters = (accepted: 0, late: 0, rejected: 0, replayed: 0)
    /// The device clock: the newest event's time, moved on by the wall clock since it came.
    var newestEvent: (ts: Int64, wall: Int64)?
    /// Wall time of the last batch of events: the clock moves timers on only once it is idle.
    var lastArrival: Int64 = 0
    /// How long no event must arrive before the wall clock moves the pipeline on by itself.
    static let idleBeforeTicking: Int64 = 1_000
    private var replaying = false
    /// Snapshots: one every `snapshotPolicy.events` accepted events (and on idle, deploy and
    /// shutdown); `lastEventSeq` is the newest batch applied, the one a snapshot covers.
    let snapshotPolicy: SnapshotPolicy
    var lastEventSeq: Int64 = 0
    var eventsSinceSnapshot = 0
    var lastSnapshotWall: Int64 = 0
    /// Encodes and writes snapshots, one at a time, in the order they were taken.
    let snapshotWriter = DispatchQueue(label: "featide.snapshot-writer")
    let snapshotsWritten = SnapshotsWritten()
    private var unsavedLogs: [LogEntry] = []
    private var subscribers: [Int: (LogEntry) -> Void] = [:]
    /// The debugger, when the engine serves one: it gets a hook into the live pipeline and
    /// into every played scenario's.
    public var debugHooks: PipelineDebugHookProvider? {
        didSet { if let active { attachDebugger(to: active.pipeline, replacing: nil) } }
    }
    /// Shown by `status` (`--dap`).
    public var debugAdapterAddress: String?
    /// The same adapter on a unix socket beside the engine's (for the IDE).
    public var debugAdapterSocket: String?
    /// Records tracked features' changes while a client asks (EngineInstance+Tracking).
    var changeTracker: FeatureChangeTracker?
    var lateEventLog = LateEventLog()
    var trackedAt: Int64 = 0

    /// Opens (or creates) the state under `stateDirectory` and restores the active version:
    /// its project, then every event accepted since it went live, replayed in order.
    /// - Parameter rollingBack: the supervisor saw a crash loop: make the version live before
    ///   the current one again, before anything of the current one runs.
    /// - Parameter logRetention: log records kept (older ones are dropped as new ones come).
    public init(stateDirectory: String, rollingBack: String? = nil, logRetention: Int = 10_000,
                snapshots: SnapshotPolicy = SnapshotPolicy()) throws {
        self.stateDirectory = stateDirectory
        snapshotPolicy = snapshots
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        store = try EngineStore(path: URL(fileURLWithPath: stateDirectory).appendingPathComponent("engine.sqlite").path,
                                logRetention: logRetention)
        if let why = rollingBack, let current = try store.currentActivation(), let previous = try store.previousVersion() {
            _ = try store.activate(version: previous, at: WallClock().now(), reason: "automatic rollback: \(why)")
            try restore()
            takeSnapshot()
            record(#"{"record":"rollback","version":\#(previous),"from":\#(current.version),"automatic":true,"reason":"\#(why)"}"#, ts: now(), level: "error")
            flushLogs()
            return
        }
        try restore()
        // Events replayed since the snapshot: the next idle moment takes a new one.
        eventsSinceSnapshot = counters.replayed
    }

    /// Rebuilds the live state exactly: from the newest snapshot that restores, the events its
    /// activation accepted after it; then each later activation in order, taking over the state
    /// of the one before (as its deploy did) and replaying its events. With no usable
    /// snapshot, every activation from the first.
    private func restore() throws {
        var unusable: [String] = []
        do {
            replaying = true
            defer { replaying = false }
            let activations = try store.activations()
            var start = 0
            for saved in try store.snapshots() {
                guard let i = activations.firstIndex(where: { $0.id == saved.activation }) else { continue }
                do {
                    try restore(saved, version: activations[i].version)
                    try replay(activation: saved.activation, after: saved.eventSeq)
                    start = i + 1
                    break
                } catch {
                    unusable.append("snapshot of activation \(saved.activation) after batch \(saved.eventSeq): \(error)")
                    active = nil
                }
            }
            for (activation, version) in activations[start...] {
                guard let bundle = try store.bundle(version: version) else { continue }
                let deployment = try load(version: version, bundle: bundle, activation: activation)
                if let previous = active { _ = deployment.pipeline.adoptState(from: previous.pipeline) }
                install(deployment)
                try replay(activation: activation, after: 0)
            }
        }
        for why in unusable {
            record(#"{"record":"snapshot","unusable":true,"reason":\#(PlainJSON.text(.string(why)))}"#, ts: now(), level: "warn")
        }
        flushLogs()
    }

    /// Applies the logged batches of an activation after batch `seq`, as they were accepted,
    /// counting them as `send` did.
    private func replay(activation: Int64, after seq: Int64) throws {
        guard let pipeline = active?.pipeline else { return }
        var decoder = EventDecoder()
        let lateBefore = pipeline.metrics.eventsLate
        var submitted = 0
        try store.forEachBatch(activation: activation, after: seq) { lines, batch, acceptedAt in
            var bytes = Array(lines.utf8)
            _ = bytes.withUnsafeMutableBufferPointer { buffer in
                decoder.decodeLines(UnsafeBufferPointer(buffer)) { decoded in
                    if case .success(let event) = decoded {
                        submit(event, acceptedAt: acceptedAt)
                        submitted += 1
                    }
                    counters.replayed += 1
                }
            }
            lastEventSeq = batch
        }
        counters.accepted += submitted - (pipeline.metrics.eventsLate - lateBefore)
    }

    /// The version's folder (unpacked again if missing), loaded and compiled.
    func load(version: Int, bundle: DeployBundle, activation: Int64) throws(ProjectBundle.Refused) -> ActiveDeployment {
        let directory = ActiveDeployment.directory(version: version, in: stateDirectory)
        if !FileManager.default.fileExists(atPath: directory) { try ProjectBundle.unpack(bundle, into: directory) }
        return try ActiveDeployment(version: version, activation: activation, contentHash: bundle.contentHash,
                                    directory: directory, at: WallClock().now())
    }

    func install(_ deployment: ActiveDeployment) {
        let pipeline = deployment.pipeline
        attachDebugger(to: pipeline, replacing: active?.pipeline)
        if let changeTracker { wrap(pipeline, in: changeTracker) }
        // A replay at start logs nothing again, and counts nothing towards a request's late events.
        pipeline.onLog = { [unowned self] in if !replaying, lateEventLog.admit($0) { record($0) } }
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
        let idle = WallClock().now() - lastArrival >= Self.idleBeforeTicking
        snapshotIfDue(idle: idle)
        stopTrackingIfNobodyAsks()
        guard let active, newestEvent != nil, idle else { return }
        active.pipeline.advance(to: now())
        flushLogs()
    }

    func submit(_ event: Event, acceptedAt wall: Int64) {
        guard let active else { return }
        let ts = event.ts
        if ts > newestEvent?.ts ?? .min { newestEvent = (ts, wall) }
        active.pipeline.submit(event)
    }

    // MARK: logs

    /// Every log line of a live pipeline: stored (after each request) and sent to followers.
    /// Replays after a restart are not logged again.
    func record(_ line: String, ts: Int64, level: String) {
        guard !replaying else { return }
        let entry = LogEntry(line: line, ts: ts, level: level)
        unsavedLogs.append(entry)
        for subscriber in subscribers.values { subscriber(entry) }
    }

    func record(_ log: LogRecord) { record(RunRecord.log(log).jsonLine, ts: log.ts, level: log.level.rawValue) }

    public func flushLogs() {
        guard !unsavedLogs.isEmpty else { return }
        try? store.appendLogs(unsavedLogs)
        unsavedLogs.removeAll(keepingCapacity: true)
    }

    public func subscribe(_ id: Int, _ handler: @escaping (LogEntry) -> Void) { subscribers[id] = handler }
    public func unsubscribe(_ id: Int) { subscribers[id] = nil }
}
