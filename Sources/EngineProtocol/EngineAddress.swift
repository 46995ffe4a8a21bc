/// Where an engine instance listens: `unix:PATH`, or `HOST:PORT` on loopback.
public enum EngineAddress: Sendable, Equatable, CustomStringConvertible {
    case unix(String)
    case tcp(host: String, port: Int)

    public init(parsing text: String) throws(EngineClientError) {
        if text.hasPrefix("unix:") {
            let path = String(text.dropFirst(5))
            guard !path.isEmpty else { throw EngineClientError("'\(text)' names no socket path; expected unix:PATH") }
            self = .unix(path)
            return
        }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw EngineClientError("'\(text)' is not an engine address; expected unix:PATH or 127.0.0.1:PORT")
        }
        let host = String(text[..<colon])
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            throw EngineClientError("'\(host)' is not loopback; the engine listens on 127.0.0.1 or a unix socket only")
        }
        self = .tcp(host: host == "localhost" ? "127.0.0.1" : host, port: port)
    }

    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let host, let port): "\(host):\(port)"
        }
    }
}

/// A client-side failure: cannot connect, the engine refused, the connection broke.
public struct EngineClientError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The engine's JSON-RPC error, when it answered with one.
    public var rpc: RPCError?
    public init(_ description: String, rpc: RPCError? = nil) {
        self.description = description
        self.rpc = rpc
    }
}
