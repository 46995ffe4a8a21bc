/// The engine instance's methods (SPEC §9). Params and results are the types below.
public enum EngineMethod: String, CaseIterable, Sendable {
    case authenticate, status, deploy, rollback, deployments, query, send, logs, play, values, inspect
}

/// `inspect`: what the IDE's Events and Patterns panes show — the last events applied (as
/// JSON lines, oldest first), the behaviour tree as text, and each pattern's NFA with its
/// live partial matches.
public struct InspectResult: Codable, Sendable {
    public struct PatternState: Codable, Sendable {
        public var name: String
        /// The NFA as `explain` prints it, live partial matches per state included.
        public var nfa: [String]
        public var livePartialMatches: Int
        public var matches: Int
        public init(name: String, nfa: [String], livePartialMatches: Int, matches: Int) {
            self.name = name
            self.nfa = nfa
            self.livePartialMatches = livePartialMatches
            self.matches = matches
        }
    }
    public var recentEvents: [String]
    public var tree: [String]
    public var patterns: [PatternState]
    /// Where each feature's value comes from and what reads it (FeatureLineage).
    public var lineage: [FeatureLineage]? = nil
    public init(recentEvents: [String], tree: [String], patterns: [PatternState]) {
        self.recentEvents = recentEvents
        self.tree = tree
        self.patterns = patterns
    }
}

/// `values`: every feature of the active version and its value now, as one line of JSON each
/// (what `query` gives one by one), for the IDE's Features pane. "Now" is the engine's
/// watermark (`ts`): a read never moves the device clock, so events still waiting for
/// `allowed_lateness` count once it passes them, or once the device has been quiet for a second.
public struct ValuesResult: Codable, Sendable {
    public struct Feature: Codable, Sendable {
        public var name: String
        public var value: String
        /// A grouped feature's value by key (the key as JSON text), for expanding it by key.
        public var keys: [KeyedValue]? = nil
        /// The last changes of a tracked feature (`ValuesParams.track`), oldest first.
        public var changes: [FeatureChange]? = nil
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }
    public var ts: Int64
    public var features: [Feature]
    public init(ts: Int64, features: [Feature]) {
        self.ts = ts
        self.features = features
    }
}

/// Notifications the engine sends on a connection that asked for them.
public enum EngineNotification: String, Sendable {
    /// `LogEntry`, for `logs` with `follow`.
    case log
}

public struct AuthenticateParams: Codable, Sendable {
    public var token: String
    public init(token: String) { self.token = token }
}

public struct StatusResult: Codable, Sendable {
    public var pid: Int32
    public var version: Int?
    public var project: String?
    public var contentHash: String?
    public var deployedAt: Int64?
    public var uptimeMilliseconds: Int64
    public var eventsAccepted: Int
    public var eventsLate: Int
    public var eventsRejected: Int
    public var eventsReplayed: Int
    public var decisions: Int
    public var scriptFailures: Int
    public var workersStarted: Int
    public var workerCrashes: Int
    public var clients: Int
    /// Where the engine serves the Debug Adapter Protocol (`127.0.0.1:PORT`), if it does.
    public var debugAdapter: String? = nil
    /// The same debug adapter on a unix socket beside the engine's, `unix:PATH`.
    public var debugAdapterSocket: String? = nil
    /// Events accepted and waiting for `allowed_lateness` before they are applied.
    public var eventsPending: Int = 0
    /// The newest state snapshot, once one was taken since the engine started.
    public var snapshot: SnapshotInfo? = nil

    public init(pid: Int32, version: Int?, project: String?, contentHash: String?, deployedAt: Int64?, uptimeMilliseconds: Int64,
                eventsAccepted: Int, eventsLate: Int, eventsRejected: Int, eventsReplayed: Int, decisions: Int, scriptFailures: Int,
                workersStarted: Int, workerCrashes: Int, clients: Int) {
        self.pid = pid
        self.version = version
        self.project = project
        self.contentHash = contentHash
        self.deployedAt = deployedAt
        self.uptimeMilliseconds = uptimeMilliseconds
        self.eventsAccepted = eventsAccepted
        self.eventsLate = eventsLate
        self.eventsRejected = eventsRejected
        self.eventsReplayed = eventsReplayed
        self.decisions = decisions
        self.scriptFailures = scriptFailures
        self.workersStarted = workersStarted
        self.workerCrashes = workerCrashes
        self.clients = clients
    }
}

/// A state snapshot: its size, how long taking it held the engine, how long until it was
/// written (encoded and stored on another thread), and when it was taken (wall ms).
public struct SnapshotInfo: Codable, Sendable {
    public var bytes: Int
    public var heldMilliseconds: Double
    public var writtenMilliseconds: Double
    public var takenAt: Int64
    public init(bytes: Int, heldMilliseconds: Double, writtenMilliseconds: Double, takenAt: Int64) {
        self.bytes = bytes
        self.heldMilliseconds = heldMilliseconds
        self.writtenMilliseconds = writtenMilliseconds
        self.takenAt = takenAt
    }
}

/// A project packed for deploying: its files by project-relative path.
public struct DeployBundle: Codable, Sendable {
    public struct File: Codable, Sendable {
        public var path: String
        /// Base64 of the file's bytes.
        public var content: String
        public init(path: String, content: String) {
            self.path = path
            self.content = content
        }
    }

    public var files: [File]
    /// Over every path and content, in path order: the bundle's identity (not a signature).
    public var contentHash: String
    public init(files: [File], contentHash: String) {
        self.files = files
        self.contentHash = contentHash
    }
}

public struct DeployParams: Codable, Sendable {
    public var bundle: DeployBundle
    public var author: String
    /// What the client's gate found (scenario results), kept with the deployment.
    public var gate: [String]
    /// Only say what the deploy would do (validated, compiled, planned); nothing goes live.
    public var planOnly: Bool? = nil
    public init(bundle: DeployBundle, author: String, gate: [String], planOnly: Bool? = nil) {
        self.bundle = bundle
        self.author = author
        self.gate = gate
        self.planOnly = planOnly
    }
}

public struct DeployResult: Codable, Sendable {
    public var version: Int
    public var contentHash: String
    /// `= 12 kept, ~ 2 reset, + 1 new, - 1 removed` lines per kind.
    public var plan: [String]
    public init(version: Int, contentHash: String, plan: [String]) {
        self.version = version
        self.contentHash = contentHash
        self.plan = plan
    }
}

public struct RollbackParams: Codable, Sendable {
    public var to: Int?
    public init(to: Int?) { self.to = to }
}

public struct DeploymentInfo: Codable, Sendable {
    public var version: Int
    public var contentHash: String
    public var project: String
    public var deployedAt: Int64
    public var author: String
    public var gate: [String]
    public var active: Bool
    public init(version: Int, contentHash: String, project: String, deployedAt: Int64, author: String, gate: [String], active: Bool) {
        self.version = version
        self.contentHash = contentHash
        self.project = project
        self.deployedAt = deployedAt
        self.author = author
        self.gate = gate
        self.active = active
    }
}

public struct QueryParams: Codable, Sendable {
    public var name: String
    /// The group key as JSON text (`"shoes"`, `3`), for grouped features.
    public var key: String?
    public init(name: String, key: String?) {
        self.name = name
        self.key = key
    }
}

public struct QueryResult: Codable, Sendable {
    /// The value as one line of JSON text, as `featide run` prints values.
    public var value: String
    /// The engine time the value is at (its watermark: a read never moves the device clock).
    public var ts: Int64?
    /// Events accepted but still waiting for `allowed_lateness`: not in the value yet.
    public var eventsPending: Int?
    public init(value: String, ts: Int64? = nil, eventsPending: Int? = nil) {
        self.value = value
        self.ts = ts
        self.eventsPending = eventsPending
    }
}

/// Events to apply, either as a list of one-line JSON texts or as one JSON Lines text (blank
/// lines skipped): the second decodes in one piece, which a large batch wants.
public struct SendParams: Codable, Sendable {
    /// Events as JSON texts (SPEC §2), one each.
    public var events: [String]?
    /// Events as JSON Lines.
    public var lines: String?
    public init(events: [String]) { self.events = events }
    public init(lines: String) { self.lines = lines }
}

public struct SendResult: Codable, Sendable {
    public var accepted: Int
    public var late: Int
    public var rejected: Int
    /// The first few rejections, each naming the line within this batch.
    public var errors: [String]
    public init(accepted: Int, late: Int, rejected: Int, errors: [String]) {
        self.accepted = accepted
        self.late = late
        self.rejected = rejected
        self.errors = errors
    }
}

public struct LogsParams: Codable, Sendable {
    public var level: String?
    public var grep: String?
    public var since: Int64?
    public var follow: Bool
    public var limit: Int?
    public init(level: String?, grep: String?, since: Int64?, follow: Bool, limit: Int?) {
        self.level = level
        self.grep = grep
        self.since = since
        self.follow = follow
        self.limit = limit
    }
}

public struct LogEntry: Codable, Sendable {
    /// The record as one line of JSON, as `featide run` prints it.
    public var line: String
    public var ts: Int64
    public var level: String
    public init(line: String, ts: Int64, level: String) {
        self.line = line
        self.ts = ts
        self.level = level
    }
}

public struct LogsResult: Codable, Sendable {
    public var entries: [LogEntry]
    public init(entries: [LogEntry]) { self.entries = entries }
}

public struct Empty: Codable, Sendable {
    public init() {}
}

public struct PlayParams: Codable, Sendable {
    public var scenario: String
    /// List the scenario's first this many events in the result (a player's timeline); none
    /// when absent, as `featide play` wants.
    public var listEvents: Int? = nil
    /// Send at most this many records (the final `features` record always comes too); all
    /// when absent, as `featide play` wants.
    public var listRecords: Int? = nil
    public init(scenario: String, listEvents: Int? = nil, listRecords: Int? = nil) {
        self.scenario = scenario
        self.listEvents = listEvents
        self.listRecords = listRecords
    }
}

/// A scenario run on the engine's active version, on its own virtual clock (the live state
/// is untouched): every record with its time, and each expectation with the time it was
/// decided — a client paces them at any speed.
public struct PlayResult: Codable, Sendable {
    public struct Record: Codable, Sendable {
        public var ts: Int64
        /// As `featide run` prints it.
        public var line: String
        public init(ts: Int64, line: String) {
            self.ts = ts
            self.line = line
        }
    }

    public struct Outcome: Codable, Sendable {
        public var ts: Int64
        public var passed: Bool
        public var subject: String
        public var expected: String
        public var actual: String
        /// `mocks/x.yaml:12:5`.
        public var location: String
        public init(ts: Int64, passed: Bool, subject: String, expected: String, actual: String, location: String) {
            self.ts = ts
            self.passed = passed
            self.subject = subject
            self.expected = expected
            self.actual = actual
            self.location = location
        }
    }

    public var start: Int64
    public var records: [Record]
    public var outcomes: [Outcome]
    /// Problems with the scenario's own data.
    public var problems: [String]
    /// The scenario's events in the order they were submitted, when `listEvents` asked, at
    /// most that many; `moreEvents` more were submitted after them.
    public var events: [PlayEvent]? = nil
    public var moreEvents: Int? = nil
    /// Records left out after the first `listRecords` (when it was given).
    public var moreRecords: Int? = nil
    public init(start: Int64, records: [Record], outcomes: [Outcome], problems: [String]) {
        self.start = start
        self.records = records
        self.outcomes = outcomes
        self.problems = problems
    }
}
