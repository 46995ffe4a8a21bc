import EngineProtocol
import Foundation

/// The envelope of a message from a client: enough to route it before its arguments are read.
struct DAPIncoming: Decodable, Sendable {
    var seq: Int
    var type: String
    var command: String?
}

/// A request's `arguments`, decoded once the command is known.
struct DAPArgumentsEnvelope<Arguments: Decodable>: Decodable {
    var arguments: Arguments?
}

/// What the adapter sends: a response or an event. `seq` is set by the connection when it
/// writes the message, so messages from any thread are numbered in the order they go out.
protocol DAPOutgoing: Encodable, Sendable {
    var seq: Int { get set }
}

struct DAPResponse<Body: Encodable & Sendable>: DAPOutgoing {
    var seq = 0
    let type = "response"
    var request_seq: Int
    var success: Bool
    var command: String
    /// Why it failed; only on failures.
    var message: String?
    var body: Body?
}

/// A response without a body.
struct NoBody: Codable, Sendable {}

struct DAPEvent<Body: Encodable & Sendable>: DAPOutgoing {
    var seq = 0
    let type = "event"
    var event: String
    var body: Body?
}

/// A failed request's body (DAP `ErrorResponse`): the message again, as a structured error.
struct ErrorBody: Codable, Sendable {
    struct Message: Codable, Sendable {
        var id: Int
        var format: String
        var showUser: Bool?
    }
    var error: Message?
}

extension DAPResponse where Body == ErrorBody {
    static func failure(to request: DAPIncoming, _ message: String) -> Self {
        DAPResponse(request_seq: request.seq, success: false, command: request.command ?? "unknown",
                    message: message, body: ErrorBody(error: .init(id: 1, format: message, showUser: true)))
    }
}

extension DAPOutgoing {
    /// The JSON text of the message.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Every type here encodes; a failure would be a programming error worth seeing.
        do { return try encoder.encode(self) } catch { fatalError("cannot encode a DAP message: \(error)") }
    }
}
