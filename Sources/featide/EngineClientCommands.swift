import ArgumentParser
import Engine
import EngineProtocol
import Foundation

/// `featide status`: the engine's version, uptime, counters.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the engine's active version and counters.")
    @OptionGroup var options: EngineOptions

    func run() throws {
        let client = try options.connect()
        let s = try engineCall { () throws(EngineClientError) in try client.call(.status, Empty(), as: StatusResult.self) }
        print("engine \(client.address) pid \(s.pid), up \(s.uptimeMilliseconds / 1000) s, \(s.clients) \(plural(s.clients, "client"))")
        if let version = s.version {
            print("version \(version) of \(s.project ?? "?") (\(s.contentHash ?? "?")), live since \(formatTime(s.deployedAt ?? 0))")
        } else {
            print("nothing deployed")
        }
        print("events: \(s.eventsAccepted) accepted, \(s.eventsLate) late, \(s.eventsRejected) rejected, "
              + "\(s.eventsPending) waiting for allowed_lateness, \(s.eventsReplayed) replayed at start")
        if let snapshot = s.snapshot {
            print(String(format: "last snapshot: %@ at %@ (the engine held %.1f ms, written in %.1f ms)", formatBytes(snapshot.bytes),
                         formatTime(snapshot.takenAt), snapshot.heldMilliseconds, snapshot.writtenMilliseconds))
        }
        print("decisions: \(s.decisions) actions, \(s.scriptFailures) script failures; script workers: \(s.workersStarted) started, \(s.workerCrashes) crashed")
        if let dap = s.debugAdapter { print("debug adapter (DAP): \(dap)" + (s.debugAdapterSocket.map { " and \($0)" } ?? "")) }
    }
}

/// `featide query NAME [KEY]`: a feature's value now, as one line of JSON.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Print a feature's value now as one line of JSON.")
    @Argument(help: "The feature.") var name: String
    @Argument(help: "The group key as JSON (\"shoes\", 3) for grouped features.") var key: String?
    @OptionGroup var options: EngineOptions

    func run() throws {
        let client = try options.connect()
        let result = try engineCall { () throws(EngineClientError) in
            try client.call(.query, QueryParams(name: name, key: key), as: QueryResult.self)
        }
        print(result.value)
        if let pending = result.eventsPending, pending > 0 {
            printError("note: \(pending) event\(pending == 1 ? "" : "s") still wait for allowed_lateness and are not counted yet; "
                + "they are once it passes them or the engine has had no event for a second")
        }
    }
}

/// `featide send FILE.jsonl`: stream recorded events to the engine in batches.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "send", abstract: "Send events (JSON Lines) to the engine.")
    @Argument(help: "A JSON Lines file of events (- for standard input).") var file: String
    @Option(help: "Events per request.") var batch = 1000
    @OptionGroup var options: EngineOptions

    func run() throws {
        guard let handle = file == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let client = try options.connect()
        var totals = SendResult(accepted: 0, late: 0, rejected: 0, errors: [])
        // The engine's "event N" is line N of its batch; `lines` keeps each one's line in the file.
        var pending = SendLinesWriter(), lines: [Int] = []
        // One batch in flight while the next is read and encoded.
        var inFlight: [(id: RPCID, lines: [Int])] = []
        func settle() throws {
            let (id, lines) = inFlight.removeFirst()
            let result = try engineCall { () throws(EngineClientError) in try client.receive(id, of: .send, as: SendResult.self) }
            totals.accepted += result.accepted
            totals.late += result.late
            totals.rejected += result.rejected
            for error in result.errors {
                let parts = error.split(separator: ":", maxSplits: 1)
                let inBatch = Int(parts[0].dropFirst("event ".count)) ?? 0
                let line = lines.indices.contains(inBatch - 1) ? lines[inBatch - 1] : 0
                printError("\(file):\(line):\(parts.count > 1 ? parts[1] : "")")
            }
        }
        func flush() throws {
            guard pending.events > 0 else { return }
            let batch = pending
            let id = try engineCall { () throws(EngineClientError) in try client.post(batch) }
            inFlight.append((id, lines))
            if inFlight.count > 1 { try settle() }
            pending.removeAll()
            lines.removeAll()
        }
        try JSONLinesFile.forEachLine(of: handle) { line, number in
            if let bad = UTF8Check.firstInvalidByte(in: line) {
                // JSON cannot carry it to the engine: rejected here, as the engine would.
                let error = EventDecodeError.invalidUTF8(line: number, column: bad + 1)
                printError("\(file):\(number):\(bad + 1): error: \(error.message)")
                totals.rejected += 1
                return
            }
            pending.append(line)
            lines.append(number)
            if pending.events >= batch { try flush() }
        }
        try flush()
        while !inFlight.isEmpty { try settle() }
        print("\(totals.accepted) accepted, \(totals.late) late, \(totals.rejected) rejected")
        if totals.rejected > 0 { throw ExitCode(1) }
    }
}

/// `featide logs [--follow] [--level L] [--grep RE] [--since T]`.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Print the engine's log records (JSON Lines); --follow keeps printing.")
    @Flag(help: "Keep printing new records.") var follow = false
    @Option(help: "Lowest level: debug, info, warn, error.") var level: String?
    @Option(help: "Only records matching this regular expression.") var grep: String?
    @Option(help: "Only records at or after this engine time (ms).") var since: Int64?
    @Option(help: "At most this many past records.") var limit = 100
    @OptionGroup var options: EngineOptions

    func run() throws {
        let client = try options.connect()
        let params = LogsParams(level: level, grep: grep, since: since, follow: follow, limit: limit)
        let result = try engineCall { () throws(EngineClientError) in try client.call(.logs, params, as: LogsResult.self) }
        // Unbuffered, past and later records alike: a follower sees each one now, in order.
        func emit(_ entry: LogEntry) { FileHandle.standardOutput.write(Data((entry.line + "\n").utf8)) }
        result.entries.forEach(emit)
        guard follow else { return }
        // Later records come as notifications, filtered by the engine as the past ones were.
        while true {
            let message = try engineCall { () throws(EngineClientError) in try client.nextNotification() }
            guard message.method == EngineNotification.log.rawValue,
                  let entry = try? RPCCoding.decode(LogEntry.self, from: message.params) else { continue }
            emit(entry)
        }
    }
}

/// `featide deployments`: the version history.
struct DeploymentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deployments", abstract: "List the engine's deployed versions.")
    @OptionGroup var options: EngineOptions

    func run() throws {
        let client = try options.connect()
        let list = try engineCall { () throws(EngineClientError) in try client.call(.deployments, Empty(), as: [DeploymentInfo].self) }
        if list.isEmpty { print("nothing deployed") }
        for d in list {
            print("\(d.active ? "*" : " ") \(d.version)  \(d.contentHash)  \(d.project)  \(formatTime(d.deployedAt))  by \(d.author)"
                  + (d.gate.isEmpty ? "  (no gate)" : "  gate: " + d.gate.joined(separator: "; ")))
        }
    }
}

/// `featide rollback [--to VERSION]`.
struct RollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Make an earlier version live again (default: the one before).")
    @Option(help: "The version to make live.") var to: Int?
    @OptionGroup var options: EngineOptions

    func run() throws {
        let client = try options.connect()
        let info = try engineCall { () throws(EngineClientError) in
            try client.call(.rollback, RollbackParams(to: to), as: DeploymentInfo.self)
        }
        print("rolled back to version \(info.version) (\(info.contentHash))")
    }
}

func formatTime(_ ms: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    return formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
}

func formatBytes(_ bytes: Int) -> String {
    ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .binary)
}
