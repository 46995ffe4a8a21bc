import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking client of an engine instance: connects, authenticates, calls methods one at a
/// time and reads notifications. For the CLI and tests; the IDE wraps it off its UI thread.
/// One thread at a time uses a client (it may be handed from one thread to another).
public final class EngineClient: @unchecked Sendable {
    public let address: EngineAddress
    private let connection: FramedConnection
    private var nextID: Int64 = 0
    /// Notifications that arrived while waiting for a response (their bodies).
    private var pending: [Data] = []

    public init(address: EngineAddress) throws(EngineClientError) {
        self.address = address
        connection = try FramedConnection(address: address)
    }

    /// Reads the token file and authenticates.
    public func authenticate(tokenFile: String) throws(EngineClientError) {
        guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
            throw EngineClientError("cannot read the engine's token file \(tokenFile)")
        }
        try authenticate(token: token.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    public func authenticate(token: String) throws(EngineClientError) {
        _ = try call(.authenticate, AuthenticateParams(token: token), as: Empty.self)
    }

    /// Calls `method` and waits for its response.
    public func call<P: Encodable, R: Decodable>(_ method: EngineMethod, _ params: P, as: R.Type) throws(EngineClientError) -> R {
        try receive(post(method, params), of: method, as: R.self)
    }

    /// Sends a request without waiting for its answer (a client that prepares the next batch
    /// while the engine applies this one); `receive` reads the answers, in order.
    public func post<P: Encodable>(_ method: EngineMethod, _ params: P) throws(EngineClientError) -> RPCID {
        let id = RPCID.number(takeID())
        do { try write(RPCEnvelope.request(id: id, method: method.rawValue, params: params)) } catch let error as EngineClientError {
            throw error
        } catch {
            throw EngineClientError("cannot encode \(method.rawValue)'s params: \(error)")
        }
        return id
    }

    /// The answer to the request `id` (posted earlier).
    public func receive<R: Decodable>(_ id: RPCID, of method: EngineMethod, as: R.Type) throws(EngineClientError) -> R {
        while true {
            let body = try readBody()
            guard let header = try? RPCEnvelope.header(body) else {
                throw EngineClientError("the engine sent a message that is not JSON-RPC")
            }
            guard header.id == id else {
                if header.method != nil { pending.append(body) }
                if header.id == nil, header.method == nil, let error = try? RPCEnvelope.answer(Empty.self, from: body), case .failure(let rpc) = error {
                    throw EngineClientError(rpc.message, rpc: rpc)  // the engine refused the frame itself
                }
                continue
            }
            let answer: Result<R, RPCError>
            do { answer = try RPCEnvelope.answer(R.self, from: body) } catch {
                throw EngineClientError("the engine's answer to \(method.rawValue) is not what was expected: \(error)")
            }
            switch answer {
            case .success(let result): return result
            case .failure(let error): throw EngineClientError(error.message, rpc: error)
            }
        }
    }

    /// The next notification (blocking).
    public func nextNotification() throws(EngineClientError) -> RPCMessage {
        while true {
            let body = pending.isEmpty ? try readBody() : pending.removeFirst()
            guard let message = try? JSONDecoder().decode(RPCMessage.self, from: body) else { continue }
            if message.method != nil, message.id == nil { return message }
        }
    }

    /// Raw bytes, for tests that send what no client would.
    public func write(_ data: Data) throws(EngineClientError) { try connection.write(data) }

    /// The next request's id.
    func takeID() -> Int64 {
        nextID += 1
        return nextID
    }

    /// The next whole message from the engine (blocking).
    public func readMessage() throws(EngineClientError) -> RPCMessage {
        let body = try readBody()
        do { return try JSONDecoder().decode(RPCMessage.self, from: body) } catch {
            throw EngineClientError("the engine sent a message that is not JSON-RPC: \(error)")
        }
    }

    private func readBody() throws(EngineClientError) -> Data { try connection.readBody() }
}
