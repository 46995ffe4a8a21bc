import EngineProtocol
import Foundation

/// The IDE's connection to its project's engine: two background threads, so nothing the
/// engine does ever waits on the UI thread (and a flood of logs never stalls typing).
///
/// - the watcher asks for `status` and the version history every second, and reconnects
///   after the engine restarts;
/// - the follower reads the log (`logs --follow`): the last records, then each new one as
///   it happens, handed over in batches.
///
/// Both talk only through EngineProtocol, as any other client, so a remote engine works alike.
final class EngineLink: @unchecked Sendable {
    private let address: EngineAddress
    private let tokenFile: String
    private let post: @Sendable (WorkbenchMessage) -> Void
    private let stopped = NSLock()
    private var isStopped = false
    /// Records read and not yet handed to the UI (the follower batches them).
    private let pendingLock = NSLock()
    private var pending: [LogLine] = []
    /// The features whose changes the engine records, asked again with every `values`.
    private var tracked: [String] = []

    static let pastRecords = 500

    init(address: EngineAddress, tokenFile: String, post: @escaping @Sendable (WorkbenchMessage) -> Void) {
        self.address = address
        self.tokenFile = tokenFile
        self.post = post
    }

    func start() {
        post(.engine(.connecting(address.description)))
        Thread.detachNewThread { [self] in watch() }
        Thread.detachNewThread { [self] in follow() }
        Thread.detachNewThread { [self] in flushLogs() }
    }

    func stop() { stopped.withLock { isStopped = true } }
    func track(_ names: [String]) { pendingLock.withLock { tracked = names } }
    private var running: Bool { stopped.withLock { !isStopped } }

    private func connect() throws(EngineClientError) -> EngineClient {
        let client = try EngineClient(address: address)
        try client.authenticate(tokenFile: tokenFile)
        return client
    }

    private func watch() {
        var client: EngineClient?
        while running {
            do {
                let connected = try client ?? connect()
                client = connected
                let status = try connected.call(.status, Empty(), as: StatusResult.self)
                post(.engine(.connected(status)))
                post(.deployments(try connected.call(.deployments, Empty(), as: [DeploymentInfo].self)))
                if status.version != nil {
                    let track = pendingLock.withLock { tracked }
                    post(.values(try connected.call(.values, ValuesParams(track: track), as: ValuesResult.self)))
                    post(.inspected(try connected.call(.inspect, Empty(), as: InspectResult.self)))
                }
            } catch {
                client = nil
                post(.engine(.disconnected("\(error)")))
            }
            usleep(1_000_000)
        }
    }

    private func follow() {
        while running {
            do {
                let client = try connect()
                let past = try client.call(.logs, LogsParams(level: nil, grep: nil, since: nil, follow: true, limit: Self.pastRecords),
                                           as: LogsResult.self)
                pendingLock.withLock { pending.removeAll() }
                post(.logs(past.entries.map(LogLine.init), replacing: true))
                while running {
                    let message = try client.nextNotification()
                    guard message.method == EngineNotification.log.rawValue,
                          let entry = try? RPCCoding.decode(LogEntry.self, from: message.params) else { continue }
                    let line = LogLine(entry)  // parsed here, not on the UI thread
                    pendingLock.withLock { pending.append(line) }
                }
            } catch {
                usleep(1_000_000)  // the engine restarts: follow again once it is back
            }
        }
    }

    /// Hands the records read so far to the UI every 50 ms: one message per batch.
    private func flushLogs() {
        while running {
            usleep(50_000)
            let batch = pendingLock.withLock { () -> [LogLine] in
                defer { pending.removeAll(keepingCapacity: true) }
                return pending
            }
            if !batch.isEmpty { post(.logs(batch, replacing: false)) }
        }
    }
}
