import EngineProtocol
import Foundation

/// A request decoded in one pass: its id and method first, then its params as the method's
/// own type (a large `send` body is parsed once, not once for routing and again for params).
struct RPCIncoming: Decodable {
    enum Params {
        case authenticate(AuthenticateParams), status, deploy(DeployParams), rollback(RollbackParams), deployments
        case query(QueryParams), send(SendParams), logs(LogsParams), play(PlayParams), values(ValuesParams), inspect
        /// The method is unknown, or its params do not decode (why, for the error).
        case unknown, invalid(String)
    }

    var id: RPCID?
    var method: String?
    var params: Params

    private enum Key: String, CodingKey { case id, method, params }

    init(id: RPCID?, method: String?, params: Params) {
        self.id = id
        self.method = method
        self.params = params
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        id = try? container.decodeIfPresent(RPCID.self, forKey: .id)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        guard let method, let known = EngineMethod(rawValue: method) else {
            params = .unknown
            return
        }
        func read<P: Decodable>(_ type: P.Type) throws -> P {
            if container.contains(.params), try !container.decodeNil(forKey: .params) {
                return try container.decode(P.self, forKey: .params)
            }
            return try JSONDecoder().decode(P.self, from: Data("{}".utf8))
        }
        do {
            switch known {
            case .authenticate: params = .authenticate(try read(AuthenticateParams.self))
            case .status: params = .status
            case .deploy: params = .deploy(try read(DeployParams.self))
            case .rollback: params = .rollback(try read(RollbackParams.self))
            case .deployments: params = .deployments
            case .query: params = .query(try read(QueryParams.self))
            case .send: params = .send(try read(SendParams.self))
            case .logs: params = .logs(try read(LogsParams.self))
            case .play: params = .play(try read(PlayParams.self))
            case .values: params = .values(try read(ValuesParams.self))
            case .inspect: params = .inspect
            }
        } catch {
            params = .invalid(RPCDispatcher.describe(error))
        }
    }
}
