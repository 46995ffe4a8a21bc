import Foundation

/// Typed views of one JSON-RPC body, decoded straight from its bytes: the header first (which
/// method, which id), then the params or result as the method's own type — no generic JSON
/// tree in between, which on a batch of a thousand events cost more than the engine's work.
public enum RPCEnvelope {
    /// Only what routes a message.
    public struct Header: Decodable, Sendable {
        public var id: RPCID?
        public var method: String?
    }

    struct Request<P: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var id: RPCID?
        var method: String
        var params: P
    }

    struct Response<R: Encodable>: Encodable {
        var jsonrpc = "2.0"
        var id: RPCID
        var result: R
    }

    struct ErrorResponse: Encodable {
        var jsonrpc = "2.0"
        var id: RPCID?
        var error: RPCError
    }

    struct Answer<R: Decodable>: Decodable {
        var id: RPCID?
        var result: R?
        var error: RPCError?
    }

    public static func header(_ body: Data) throws -> Header {
        try JSONDecoder().decode(Header.self, from: body)
    }

    /// A framed request or notification (`id` nil).
    public static func request<P: Encodable>(id: RPCID?, method: String, params: P) throws -> Data {
        ContentLengthFraming.frame(try encoder.encode(Request(id: id, method: method, params: params)))
    }

    public static func response<R: Encodable>(id: RPCID, result: R) throws -> Data {
        ContentLengthFraming.frame(try encoder.encode(Response(id: id, result: result)))
    }

    public static func error(id: RPCID?, _ error: RPCError) -> Data {
        ContentLengthFraming.frame((try? encoder.encode(ErrorResponse(id: id, error: error))) ?? Data())
    }

    /// A response's result, or the engine's error.
    public static func answer<R: Decodable>(_ type: R.Type, from body: Data) throws -> Result<R, RPCError> {
        let answer = try JSONDecoder().decode(Answer<R>.self, from: body)
        if let error = answer.error { return .failure(error) }
        if let result = answer.result { return .success(result) }
        return .success(try JSONDecoder().decode(R.self, from: Data("{}".utf8)))
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
