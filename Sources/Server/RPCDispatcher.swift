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

    /// The response to `message` (nil for a notification, which gets none). `follow` is
    /// called when a `logs` request asks for later records as notifications.
    func handle(_ message: RPCMessage, session: Session, follow: (Session) -> Void) -> RPCMessage? {
        guard let method = message.method else {
            return RPCMessage(id: message.id, error: .invalidRequest("a request needs a method"))
        }
        guard let id = message.id else { return nil }  // notifications from clients are ignored
        guard session.authenticated || method == EngineMethod.authenticate.rawValue else {
            return RPCMessage(id: id, error: .unauthenticated)
        }
        guard let known = EngineMethod(rawValue: method) else {
            return RPCMessage(id: id, error: .methodNotFound(method))
        }
        do {
            let result: JSONValue
            switch known {
            case .authenticate:
                let params = try RPCCoding.decode(AuthenticateParams.self, from: message.params)
                guard Self.sameToken(params.token, token) else {
                    return RPCMessage(id: id, error: RPCError(code: -32001, message: "wrong token: read it from the engine's token file"))
                }
                session.authenticated = true
                result = try RPCCoding.value(Empty())
            case .status:
                result = try RPCCoding.value(instance.status(clients: clients))
            case .deploy:
                result = try RPCCoding.value(try instance.deploy(RPCCoding.decode(DeployParams.self, from: message.params)).get())
            case .rollback:
                result = try RPCCoding.value(try instance.rollback(RPCCoding.decode(RollbackParams.self, from: message.params)).get())
            case .deployments:
                result = try RPCCoding.value(try instance.deployments().get())
            case .query:
                result = try RPCCoding.value(try instance.query(RPCCoding.decode(QueryParams.self, from: message.params)).get())
            case .send:
                result = try RPCCoding.value(try instance.send(RPCCoding.decode(SendParams.self, from: message.params)).get())
            case .play:
                result = try RPCCoding.value(try instance.play(RPCCoding.decode(PlayParams.self, from: message.params)).get())
            case .logs:
                let params = try RPCCoding.decode(LogsParams.self, from: message.params)
                result = try RPCCoding.value(try instance.logs(params).get())
                if params.follow { follow(session) }
            }
            return RPCMessage(id: id, result: result)
        } catch let error as RPCError {
            return RPCMessage(id: id, error: error)
        } catch let error as DecodingError {
            return RPCMessage(id: id, error: .invalidParams("\(method): \(Self.describe(error))"))
        } catch {
            return RPCMessage(id: id, error: .invalidParams("\(method): \(error)"))
        }
    }

    /// Compares in time independent of where the strings differ.
    static func sameToken(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
        case .valueNotFound(_, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}
