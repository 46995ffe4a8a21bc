import Engine
import EngineProtocol
import Foundation
import Synchronization

/// When the engine takes a snapshot of its state (SPEC §9). A restart loads the newest and
/// replays only the events logged after it.
public struct SnapshotPolicy: Sendable {
    /// Accepted events after which a snapshot is taken (checked after each batch).
    public var events: Int
    /// With events since the last snapshot, the engine takes one once it has been idle this
    /// long, and at least this often (milliseconds).
    public var interval: Int64

    public init(events: Int = 100_000, interval: Int64 = 30_000) {
        self.events = max(1, events)
        self.interval = max(1, interval)
    }
}

/// What the snapshot writer reports back to the engine's thread.
final class SnapshotsWritten: Sendable {
    struct Report {
        var info: SnapshotInfo?
        var failures: [String] = []
    }

    private let report = Mutex(Report())

    func withLock<T>(_ body: (inout Report) -> T) -> T { report.withLock { body(&$0) } }
}

extension Duration {
    var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
}

/// The instance's own part of a snapshot, beside the pipeline's.
struct InstanceSnapshot: Codable {
    var accepted: Int
    var rejected: Int
    var newestTs: Int64?
    var newestWall: Int64?
}

extension EngineInstance {
    /// Takes a snapshot when the policy asks for one: after enough events, or when events came
    /// since the last one and either the engine is idle or the interval passed.
    func snapshotIfDue(idle: Bool) {
        reportSnapshotFailures()  // written ones that failed since the last tick or batch
        guard eventsSinceSnapshot > 0 else { return }
        let sinceLast = WallClock().now() - lastSnapshotWall
        if eventsSinceSnapshot >= snapshotPolicy.events || (idle && sinceLast >= Self.idleBeforeTicking) || sinceLast >= snapshotPolicy.interval {
            takeSnapshot()
        }
    }

    /// Snapshots the live state as of the newest applied batch: captured here (the engine
    /// waits only for that), encoded and written by the snapshot writer's thread. A failure
    /// is logged; the event log still holds everything, so a restart only replays more.
    /// - Parameter wait: return once it is written (shutdown, tests).
    public func takeSnapshot(wait: Bool = false) {
        guard let active else { return }
        let wall = WallClock().now()
        lastSnapshotWall = wall
        eventsSinceSnapshot = 0
        let started = ContinuousClock.now
        let capture = active.pipeline.capture()
        let held = ContinuousClock.now - started
        let instance = InstanceSnapshot(accepted: counters.accepted, rejected: counters.rejected,
                                        newestTs: newestEvent?.ts, newestWall: newestEvent?.wall)
        let (store, activation, seq, written) = (store, active.activation, lastEventSeq, snapshotsWritten)
        snapshotWriter.async {
            do {
                let pipeline = try capture.encoded()
                try store.saveSnapshot(EngineStore.Snapshot(activation: activation, eventSeq: seq,
                                                            instance: try JSONEncoder().encode(instance), pipeline: pipeline), at: wall)
                written.withLock {
                    $0.info = SnapshotInfo(bytes: pipeline.count, heldMilliseconds: held.milliseconds,
                                           writtenMilliseconds: (ContinuousClock.now - started).milliseconds, takenAt: wall)
                }
            } catch {
                written.withLock { $0.failures.append("\(error)") }
            }
        }
        if wait { snapshotWriter.sync {} }
    }

    /// The newest snapshot written, for `status`.
    var lastSnapshot: SnapshotInfo? { snapshotsWritten.withLock { $0.info } }

    /// Logs the snapshots the writer could not write (logging belongs to the engine's thread).
    func reportSnapshotFailures() {
        let failures = snapshotsWritten.withLock { written in
            defer { written.failures.removeAll() }
            return written.failures
        }
        for why in failures {
            record(#"{"record":"snapshot","failed":true,"reason":\#(PlainJSON.text(.string(why)))}"#, ts: now(), level: "error")
        }
    }

    /// Loads the version a snapshot was taken under and puts the snapshot's state into it.
    func restore(_ saved: EngineStore.Snapshot, version: Int) throws {
        guard let bundle = try store.bundle(version: version) else { throw SnapshotError("version \(version) is not stored") }
        let deployment = try load(version: version, bundle: bundle, activation: saved.activation)
        try deployment.pipeline.restore(from: saved.pipeline)
        let instance = try JSONDecoder().decode(InstanceSnapshot.self, from: saved.instance)
        install(deployment)
        counters.accepted = instance.accepted
        counters.rejected = instance.rejected
        if let ts = instance.newestTs, let wall = instance.newestWall { newestEvent = (ts, wall) }
        lastEventSeq = saved.eventSeq
    }
}
