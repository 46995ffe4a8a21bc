import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking stream connection carrying Content-Length frames: the engine's JSON-RPC client
/// and the debug adapter's client share it. One thread at a time uses it.
public final class FramedConnection: @unchecked Sendable {
    public let address: EngineAddress
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65536)

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

    /// Frames `body` and writes it.
    public func send(_ body: Data) throws(EngineClientError) { try write(ContentLengthFraming.frame(body)) }

    /// Stops reading and writing (a blocked `readBody` on another thread returns with an error).
    public func shutdown() { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// The next frame's body (blocking).
    public func readBody() throws(EngineClientError) -> Data {
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
