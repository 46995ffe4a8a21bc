import Foundation

/// A JSON-RPC 2.0 request id (a number or a string).
public enum RPCID: Codable, Hashable, Sendable {
    case number(Int64)
    case string(String)

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int64.self) { self = .number(n) } else { self = .string(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        }
    }
}

/// One message as it arrives: a request (id and method), a notification (method, no id) or a
/// response (id and result or error).
public struct RPCMessage: Codable, Sendable {
    public var jsonrpc = "2.0"
    public var id: RPCID?
    public var method: String?
    public var params: JSONValue?
    public var result: JSONValue?
    public var error: RPCError?

    public init(id: RPCID? = nil, method: String? = nil, params: JSONValue? = nil, result: JSONValue? = nil, error: RPCError? = nil) {
        self.id = id
        self.method = method
        self.params = params
        self.result = result
        self.error = error
    }
}

/// A JSON-RPC error object. Codes: the standard ones, and the engine's own from -32000.
public struct RPCError: Codable, Error, Sendable, CustomStringConvertible {
    public var code: Int
    public var message: String

    public init(code: Int, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func parse(_ why: String) -> RPCError { RPCError(code: -32700, message: "parse error: \(why)") }
    public static func invalidRequest(_ why: String) -> RPCError { RPCError(code: -32600, message: "invalid request: \(why)") }
    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: -32601, message: "unknown method '\(method)'; expected one of \(EngineMethod.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    public static func invalidParams(_ why: String) -> RPCError { RPCError(code: -32602, message: "invalid params: \(why)") }
    public static let unauthenticated = RPCError(code: -32001, message: "not authenticated: the first request must be 'authenticate' with the engine's token")
    public static func refused(_ why: String) -> RPCError { RPCError(code: -32002, message: why) }
    public static func notFound(_ why: String) -> RPCError { RPCError(code: -32004, message: why) }
}

/// Params and results to and from `JSONValue`, for messages read generically (notifications,
/// tests); requests and responses on the hot path use `RPCEnvelope`.
public enum RPCCoding {
    public static func value<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue?) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value ?? .object([])))
    }
}
