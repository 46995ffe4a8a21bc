import EngineProtocol
import Foundation

/// A blocking client of the debug adapter, for `featide debug` and tests: sends a request
/// and waits for its response; events that come meanwhile wait in a queue.
/// One thread at a time uses it.
public final class DAPClient: @unchecked Sendable {
    /// A response: `success`, the failure's `message`, the `body` as JSON objects.
    public struct Response {
        public var success: Bool
        public var message: String?
        public var body: [String: Any]
    }

    public struct Event {
        public var event: String
        public var body: [String: Any]
    }

    private let connection: FramedConnection
    private var seq = 0
    private var events: [Event] = []
    /// Every message the adapter sent, as it came (tests check each against the schema).
    public private(set) var received: [Data] = []

    public init(address: EngineAddress) throws(EngineClientError) {
        connection = try FramedConnection(address: address)
    }

    /// Sends `command` and waits for its response.
    public func request(_ command: String, _ arguments: [String: Any]? = nil) throws -> Response {
        seq += 1
        var message: [String: Any] = ["seq": seq, "type": "request", "command": command]
        if let arguments { message["arguments"] = arguments }
        try connection.send(JSONSerialization.data(withJSONObject: message))
        let sent = seq
        while true {
            let object = try next()
            if object["type"] as? String == "response", object["request_seq"] as? Int == sent {
                return Response(success: object["success"] as? Bool ?? false, message: object["message"] as? String,
                                body: object["body"] as? [String: Any] ?? [:])
            }
        }
    }

    /// Waits for the next event named `name` (skipping others, which stay queued), or
    /// returns the first of `names` that comes.
    public func waitForEvent(_ names: String...) throws -> Event {
        while true {
            if let i = events.firstIndex(where: { names.contains($0.event) }) { return events.remove(at: i) }
            _ = try next()
        }
    }

    /// Events received and not yet waited for.
    public var queuedEvents: [Event] { events }

    /// Drops the connection without a `disconnect` (as a client that vanishes).
    public func close() { connection.shutdown() }

    /// Raw bytes, for tests that send what no client would.
    public func write(_ data: Data) throws { try connection.write(data) }

    /// The next message (queuing events), as a JSON object.
    public func next() throws -> [String: Any] {
        let body = try connection.readBody()
        received.append(body)
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw EngineClientError("the debug adapter sent a message that is not a JSON object")
        }
        if object["type"] as? String == "event", let name = object["event"] as? String {
            events.append(Event(event: name, body: object["body"] as? [String: Any] ?? [:]))
        }
        return object
    }
}
