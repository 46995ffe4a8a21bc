import Engine
import EngineProtocol
import Foundation

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
        guard eventsSinceSnapshot > 0 else { return }
        let sinceLast = WallClock().now() - lastSnapshotWall
        if eventsSinceSnapshot >= snapshotPolicy.events || (idle && sinceLast >= Self.idleBeforeTicking) || sinceLast >= snapshotPolicy.interval {
            takeSnapshot()
        }
    }

    /// Writes the live state as of the newest applied batch. A failure is logged; the event
    /// log still holds everything, so nothing is lost, a restart only replays more.
    public func takeSnapshot() {
        guard let active else { return }
        let wall = WallClock().now()
        lastSnapshotWall = wall
        let started = ContinuousClock.now
        do {
            let instance = InstanceSnapshot(accepted: counters.accepted, rejected: counters.rejected,
                                            newestTs: newestEvent?.ts, newestWall: newestEvent?.wall)
            let pipeline = try active.pipeline.snapshot()
            try store.saveSnapshot(EngineStore.Snapshot(activation: active.activation, eventSeq: lastEventSeq,
                                                        instance: try JSONEncoder().encode(instance), pipeline: pipeline), at: wall)
            eventsSinceSnapshot = 0
            let elapsed = ContinuousClock.now - started
            lastSnapshot = SnapshotInfo(bytes: pipeline.count, milliseconds: Double(elapsed.components.attoseconds) / 1e15
                                            + Double(elapsed.components.seconds) * 1000, takenAt: wall)
        } catch {
            record(#"{"record":"snapshot","failed":true,"reason":\#(PlainJSON.text(.string("\(error)")))}"#, ts: now(), level: "error")
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
