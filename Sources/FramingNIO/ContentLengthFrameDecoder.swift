import EngineProtocol
import NIOCore

/// Content-Length frames from a byte stream, one body per message; a malformed header or an
/// oversized frame is an error (the connection answers it and closes). The engine's JSON-RPC
/// server and the debug adapter frame messages alike.
public struct ContentLengthFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try ContentLengthFraming.parse(buffer.readableBytesView) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: frame.body.lowerBound)
        guard let body = buffer.readSlice(length: frame.body.count) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(body))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}
