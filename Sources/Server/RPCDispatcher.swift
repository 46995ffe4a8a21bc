import EngineProtocol
import Foundation

/// Requests → the engine instance → responses, with no I/O: what a connection handler calls
/// on the instance's queue, and what unit tests drive directly.
final class RPCDispatcher {
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
    /// `follow` is called when a `logs` request asks for later records as notifications.
    func handle(_ body: Data, session: Session, follow: (Session) -> Void) -> Data? {
        let header: RPCEnvelope.Header
        do { header = try RPCEnvelope.header(body) } catch DecodingError.dataCorrupted {
            return RPCEnvelope.error(id: nil, .parse("the body is not JSON"))
        } catch {
            return RPCEnvelope.error(id: nil, .invalidRequest("not a JSON-RPC 2.0 message: \(Self.describe(error))"))
        }
        guard let method = header.method else { return RPCEnvelope.error(id: header.id, .invalidRequest("a request needs a method")) }
        guard let id = header.id else { return nil }  // notifications from clients are ignored
        guard session.authenticated || method == EngineMethod.authenticate.rawValue else {
            return RPCEnvelope.error(id: id, .unauthenticated)
        }
        guard let known = EngineMethod(rawValue: method) else { return RPCEnvelope.error(id: id, .methodNotFound(method)) }
        func params<P: Decodable>(_ type: P.Type) throws -> P { try RPCEnvelope.params(type, from: body) }
        func respond<R: Encodable>(_ result: Result<R, RPCError>) throws -> Data {
            switch result {
            case .success(let value): try RPCEnvelope.response(id: id, result: value)
            case .failure(let error): RPCEnvelope.error(id: id, error)
            }
        }
        do {
            switch known {
            case .authenticate:
                guard Self.sameToken(try params(AuthenticateParams.self).token, token) else {
                    return RPCEnvelope.error(id: id, RPCError(code: -32001, message: "wrong token: read it from the engine's token file"))
                }
                session.authenticated = true
                return try respond(Result<Empty, RPCError>.success(Empty()))
            case .status: return try respond(Result<StatusResult, RPCError>.success(instance.status(clients: clients)))
            case .deploy: return try respond(instance.deploy(try params(DeployParams.self)))
            case .rollback: return try respond(instance.rollback(try params(RollbackParams.self)))
            case .deployments: return try respond(instance.deployments())
            case .query: return try respond(instance.query(try params(QueryParams.self)))
            case .send: return try respond(instance.send(try params(SendParams.self)))
            case .play: return try respond(instance.play(try params(PlayParams.self)))
            case .logs:
                let request = try params(LogsParams.self)
                let response = try respond(instance.logs(request))
                if request.follow { follow(session) }
                return response
            }
        } catch {
            return RPCEnvelope.error(id: id, .invalidParams("\(method): \(Self.describe(error))"))
        }
    }

    /// Compares in time independent of where the strings differ.
    static func sameToken(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
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
