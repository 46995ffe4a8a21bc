import EngineProtocol
import Foundation

/// Requests → the engine instance → responses, with no I/O: what a connection handler calls
/// on the instance's queue, and what unit tests drive directly.
/// Sendable by hand: every call comes from the server's one event loop, where the instance lives.
final class RPCDispatcher: @unchecked Sendable {
    let instance: EngineInstance
    private let token: String
    /// Connections open now (for `status`).
    var clients = 0

    /// One connection's state: authenticated or not, following logs or not.
    /// Touched only on the engine's queue.
    final class Session: @unchecked Sendable {
        let id: Int
        var authenticated = false
        init(id: Int) { self.id = id }
    }

    init(instance: EngineInstance, token: String) {
        self.instance = instance
        self.token = token
    }

    /// The framed response to a request body (nil for a notification, which gets none).
    /// `follow` is called when a `logs` request asks for later records as notifications,
    /// with the filter they must pass.
    func handle(_ body: Data, session: Session, follow: (Session, LogFilter) -> Void) -> Data? {
        let request: RPCIncoming
        do { request = try Self.decode(body) } catch DecodingError.dataCorrupted {
            return RPCEnvelope.error(id: nil, .parse("the body is not JSON"))
        } catch {
            return RPCEnvelope.error(id: nil, .invalidRequest("not a JSON-RPC 2.0 message: \(Self.describe(error))"))
        }
        guard let method = request.method else { return RPCEnvelope.error(id: request.id, .invalidRequest("a request needs a method")) }
        guard let id = request.id else { return nil }  // notifications from clients are ignored
        guard session.authenticated || method == EngineMethod.authenticate.rawValue else {
            return RPCEnvelope.error(id: id, .unauthenticated)
        }
        func respond<R: Encodable>(_ result: Result<R, RPCError>) -> Data {
            switch result {
            case .success(let value):
                do { return try RPCEnvelope.response(id: id, result: value) } catch {
                    return RPCEnvelope.error(id: id, RPCError(code: -32603, message: "cannot encode the result: \(error)"))
                }
            case .failure(let error): return RPCEnvelope.error(id: id, error)
            }
        }
        switch request.params {
        case .unknown: return RPCEnvelope.error(id: id, .methodNotFound(method))
        case .invalid(let why): return RPCEnvelope.error(id: id, .invalidParams("\(method): \(why)"))
        case .authenticate(let params):
            guard EngineToken.matches(params.token, token) else {
                return RPCEnvelope.error(id: id, RPCError(code: -32001, message: "wrong token: read it from the engine's token file"))
            }
            session.authenticated = true
            return respond(Result<Empty, RPCError>.success(Empty()))
        case .status: return respond(Result<StatusResult, RPCError>.success(instance.status(clients: clients)))
        case .deploy(let params): return respond(instance.deploy(params))
        case .rollback(let params): return respond(instance.rollback(params))
        case .deployments: return respond(instance.deployments())
        case .query(let params): return respond(instance.query(params))
        case .send(let params): return respond(instance.send(params))
        case .play(let params): return respond(instance.play(params))
        case .values(let params): return respond(instance.values(params))
        case .inspect: return respond(instance.inspect())
        case .logs(let params):
            let response = respond(instance.logs(params))
            if params.follow, let filter = try? LogFilter(params) { follow(session, filter) }
            return response
        }
    }

    /// A `send` of JSON Lines by the short way when it can; any request by the decoder.
    private static func decode(_ body: Data) throws -> RPCIncoming {
        guard let send = SendRequestReader.read(body) else { return try JSONDecoder().decode(RPCIncoming.self, from: body) }
        return RPCIncoming(id: send.id, method: EngineMethod.send.rawValue, params: .send(send.params))
    }

    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        return switch error {
        case .keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
        case .valueNotFound(_, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}
