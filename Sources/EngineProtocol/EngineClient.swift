import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking client of an engine instance: connects, authenticates, calls methods one at a
/// time and reads notifications. For the CLI and tests; the IDE wraps it off its UI thread.
/// One thread at a time uses a client (it may be handed from one thread to another).
public final class EngineClient: @unchecked Sendable {
    public let address: EngineAddress
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private var nextID: Int64 = 0
    /// Notifications that arrived while waiting for a response (their bodies).
    private var pending: [Data] = []

    public init(address: EngineAddress) throws(EngineClientError) {
        self.address = address
        fd = try Self.connect(address)
    }

    deinit { close(fd) }

    private static func connect(_ address: EngineAddress) throws(EngineClientError) -> Int32 {
        switch address {
        case .unix(let path):
            var addr = sockaddr_un()
            addr.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
                throw EngineClientError("socket path \(path) is too long for a unix socket")
            }
            withUnsafeMutableBytes(of: &addr.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            return try connect(AF_UNIX, to: addr, naming: address)
        case .tcp(let host, let port):
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr(host)
            let fd = try connect(AF_INET, to: addr, naming: address)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return fd
        }
    }

    /// A stream socket of `family` connected to `address` (a `sockaddr_un` or `sockaddr_in`).
    private static func connect<Address>(_ family: Int32, to address: Address, naming name: EngineAddress) throws(EngineClientError) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = address
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw EngineClientError("cannot connect to the engine at \(name): \(reason)")
        }
        return fd
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
        nextID += 1
        let id = RPCID.number(nextID)
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
    public func write(_ data: Data) throws(EngineClientError) {
        var sent = 0
        let bytes = [UInt8](data)
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw EngineClientError("the engine closed the connection") }
            sent += n
        }
    }

    /// The next whole message from the engine (blocking).
    public func readMessage() throws(EngineClientError) -> RPCMessage {
        let body = try readBody()
        do { return try JSONDecoder().decode(RPCMessage.self, from: body) } catch {
            throw EngineClientError("the engine sent a message that is not JSON-RPC: \(error)")
        }
    }

    /// The next frame's body (blocking).
    private func readBody() throws(EngineClientError) -> Data {
        while true {
            let frame: (body: Range<Int>, length: Int)?
            do { frame = try ContentLengthFraming.parse(buffer) } catch {
                throw EngineClientError("the engine sent a malformed frame: \(error)")
            }
            if let frame {
                let body = Data(buffer[frame.body])
                buffer.removeFirst(frame.length)
                return body
            }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw EngineClientError("the engine closed the connection") }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
