import EngineProtocol
import Foundation

/// The IDE's Debug Adapter Protocol connection to its engine (`STATE/dap.sock`): requests go
/// out from the UI thread (small writes), a reader thread hands every message back through
/// the inbox, so a stopped engine never blocks the screen.
final class DebugLink: DebugSender, @unchecked Sendable {
    private let connection: FramedConnection
    private let lock = NSLock()
    private var seq = 0

    /// Connects and starts reading; `post` gets each message's JSON body.
    init(address: EngineAddress, post: @escaping @Sendable (WorkbenchMessage) -> Void) throws(EngineClientError) {
        connection = try FramedConnection(address: address)
        let connection = connection
        Thread.detachNewThread {
            while true {
                guard let body = try? connection.readBody() else {
                    post(.debugMessage(Data()))  // an empty body: the adapter went away
                    return
                }
                post(.debugMessage(body))
            }
        }
    }

    /// Sends a request; its `seq`, which the response's `request_seq` names.
    @discardableResult
    func request(_ command: String, _ arguments: [String: Any] = [:]) -> Int {
        let seq = lock.withLock { () -> Int in
            self.seq += 1
            return self.seq
        }
        let message: [String: Any] = ["seq": seq, "type": "request", "command": command, "arguments": arguments]
        if let data = try? JSONSerialization.data(withJSONObject: message) { try? connection.send(data) }
        return seq
    }

    func close() { connection.shutdown() }
}
