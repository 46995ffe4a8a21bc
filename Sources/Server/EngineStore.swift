import EngineProtocol
import Foundation
import GRDB

/// The engine instance's durable state in SQLite (WAL, through GRDB): deployments and their
/// bundles, activations (which version went live when), the event log of each activation
/// (an event is acknowledged only once its batch is committed), and recent log records.
final class EngineStore: @unchecked Sendable {
    private let database: DatabasePool
    /// Log records kept (older ones are trimmed as new ones arrive).
    let logRetention: Int

    init(path: String, logRetention: Int = 10_000) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        database = try DatabasePool(path: path, configuration: configuration)
        self.logRetention = logRetention
        try Self.migrator.migrate(database)
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "deployment") { t in
                t.primaryKey("version", .integer)
                t.column("contentHash", .text).notNull()
                t.column("project", .text).notNull()
                t.column("deployedAt", .integer).notNull()
                t.column("author", .text).notNull()
                t.column("gate", .text).notNull()
                t.column("bundle", .blob).notNull()
            }
            try db.create(table: "activation") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("version", .integer).notNull().references("deployment")
                t.column("activatedAt", .integer).notNull()
                t.column("reason", .text).notNull()
            }
            // One row per accepted batch: its events as JSON Lines, in order.
            try db.create(table: "event") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("activation", .integer).notNull().indexed()
                t.column("lines", .text).notNull()
                // Wall time it was accepted: after a restart the device clock resumes from it.
                t.column("acceptedAt", .integer).notNull()
            }
            try db.create(table: "log") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("ts", .integer).notNull()
                t.column("level", .text).notNull()
                t.column("line", .text).notNull()
            }
        }
        // One row per snapshot: the pipeline's state after every event up to `eventSeq` of
        // `activation`, and the instance's counters then.
        migrator.registerMigration("v2 snapshots") { db in
            try db.create(table: "snapshot") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("activation", .integer).notNull().references("activation")
                t.column("eventSeq", .integer).notNull()
                t.column("takenAt", .integer).notNull()
                t.column("instance", .blob).notNull()
                t.column("pipeline", .blob).notNull()
            }
        }
        return migrator
    }

    // MARK: deployments

    func nextVersion() throws -> Int {
        try database.read { db in (try Int.fetchOne(db, sql: "SELECT MAX(version) FROM deployment") ?? 0) + 1 }
    }

    /// Stores deployment `version` and makes it the active one, in one transaction: either
    /// both happen or neither.
    func addAndActivate(version: Int, _ bundle: DeployBundle, project: String, author: String, gate: [String], at time: Int64) throws -> Int64 {
        let encoded = try JSONEncoder().encode(bundle)
        let gateText = String(decoding: try JSONEncoder().encode(gate), as: UTF8.self)
        return try database.write { db in
            try db.execute(sql: "INSERT INTO deployment (version, contentHash, project, deployedAt, author, gate, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [version, bundle.contentHash, project, time, author, gateText, encoded])
            return try Self.activate(db, version: version, at: time, reason: "deploy")
        }
    }

    func activate(version: Int, at time: Int64, reason: String) throws -> Int64 {
        try database.write { db in try Self.activate(db, version: version, at: time, reason: reason) }
    }

    private static func activate(_ db: Database, version: Int, at time: Int64, reason: String) throws -> Int64 {
        try db.execute(sql: "INSERT INTO activation (version, activatedAt, reason) VALUES (?, ?, ?)", arguments: [version, time, reason])
        return db.lastInsertedRowID
    }

    /// The newest activation: which version is live, since when.
    func currentActivation() throws -> (id: Int64, version: Int)? {
        try database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, version FROM activation ORDER BY id DESC LIMIT 1").map { ($0["id"], $0["version"]) }
        }
    }

    /// Every activation, oldest first.
    func activations() throws -> [(id: Int64, version: Int)] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT id, version FROM activation ORDER BY id").map { ($0["id"], $0["version"]) }
        }
    }

    /// The version active before the current one (for `rollback` with no target).
    func previousVersion() throws -> Int? {
        try database.read { db in
            let versions = try Int.fetchAll(db, sql: "SELECT version FROM activation ORDER BY id DESC")
            guard let current = versions.first else { return nil }
            return versions.dropFirst().first { $0 != current }
        }
    }

    func bundle(version: Int) throws -> DeployBundle? {
        try database.read { db in
            try Data.fetchOne(db, sql: "SELECT bundle FROM deployment WHERE version = ?", arguments: [version])
        }.map { try JSONDecoder().decode(DeployBundle.self, from: $0) }
    }

    func deployments(active: Int?) throws -> [DeploymentInfo] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT version, contentHash, project, deployedAt, author, gate FROM deployment ORDER BY version").map { row in
                let gate = (try? JSONDecoder().decode([String].self, from: Data((row["gate"] as String).utf8))) ?? []
                return DeploymentInfo(version: row["version"], contentHash: row["contentHash"], project: row["project"],
                                      deployedAt: row["deployedAt"], author: row["author"], gate: gate, active: row["version"] == active)
            }
        }
    }

    // MARK: events

    /// Appends a batch of accepted events, as JSON Lines (one transaction, one row): when this
    /// returns they are durable. Returns the batch's sequence number (nil: nothing to store).
    func appendBatch(_ lines: String, activation: Int64, at wall: Int64) throws -> Int64? {
        guard !lines.isEmpty else { return nil }
        return try database.write { db in
            try db.execute(sql: "INSERT INTO event (activation, lines, acceptedAt) VALUES (?, ?, ?)",
                           arguments: [activation, lines, wall])
            return db.lastInsertedRowID
        }
    }

    /// Every batch of an activation after sequence number `seq` (JSON Lines) with its own
    /// sequence number and the wall time it was accepted, in order.
    func forEachBatch(activation: Int64, after seq: Int64 = 0, _ body: (String, Int64, Int64) -> Void) throws {
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, lines, acceptedAt FROM event WHERE activation = ? AND seq > ? ORDER BY seq",
                                           arguments: [activation, seq])
            while let row = try rows.next() { body(row["lines"], row["seq"], row["acceptedAt"]) }
        }
    }

    // MARK: snapshots

    struct Snapshot {
        var activation: Int64
        var eventSeq: Int64
        var instance: Data
        var pipeline: Data
    }

    /// Stores a snapshot and drops all but the newest two (one to fall back on).
    func saveSnapshot(_ snapshot: Snapshot, at wall: Int64) throws {
        try database.write { db in
            try db.execute(sql: "INSERT INTO snapshot (activation, eventSeq, takenAt, instance, pipeline) VALUES (?, ?, ?, ?, ?)",
                           arguments: [snapshot.activation, snapshot.eventSeq, wall, snapshot.instance, snapshot.pipeline])
            try db.execute(sql: "DELETE FROM snapshot WHERE id <= (SELECT MAX(id) FROM snapshot) - 2")
        }
    }

    /// Snapshots, newest first.
    func snapshots() throws -> [Snapshot] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT activation, eventSeq, instance, pipeline FROM snapshot ORDER BY id DESC").map {
                Snapshot(activation: $0["activation"], eventSeq: $0["eventSeq"], instance: $0["instance"], pipeline: $0["pipeline"])
            }
        }
    }

    // MARK: logs

    func appendLogs(_ entries: [LogEntry]) throws {
        guard !entries.isEmpty else { return }
        try database.write { db in
            let statement = try db.cachedStatement(sql: "INSERT INTO log (ts, level, line) VALUES (?, ?, ?)")
            for entry in entries { try statement.execute(arguments: [entry.ts, entry.level, entry.line]) }
            try db.execute(sql: "DELETE FROM log WHERE seq <= (SELECT MAX(seq) FROM log) - ?", arguments: [logRetention])
        }
    }

    func logs(since: Int64?, limit: Int) throws -> [LogEntry] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT ts, level, line FROM log WHERE ts >= ? ORDER BY seq DESC LIMIT ?",
                             arguments: [since ?? Int64.min, limit]).reversed().map {
                LogEntry(line: $0["line"], ts: $0["ts"], level: $0["level"])
            }
        }
    }
}
