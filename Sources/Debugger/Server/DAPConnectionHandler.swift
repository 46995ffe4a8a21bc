import EngineProtocol
import Foundation
import NIOCore
import NIOFoundationCompat

/// One client's connection to the debug adapter: framed bodies in, to its `DAPSession`;
/// framed messages out. A malformed frame gets an error response and the connection closes
/// (the stream cannot be resynchronised); a body that is not JSON gets one and it stays open.
final class DAPConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let makeSession: @Sendable (Channel) -> DAPSession
    private var session: DAPSession?

    init(makeSession: @escaping @Sendable (Channel) -> DAPSession) {
        self.makeSession = makeSession
    }

    func channelActive(context: ChannelHandlerContext) {
        session = makeSession(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        session?.closed()
        session = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        session?.handle(body)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let message = (error as? ContentLengthFraming.Malformed).map { "malformed frame: \($0.description)" } ?? "\(error)"
        session?.refuseMalformed(message)
        let channel = context.channel
        channel.eventLoop.execute { channel.close(promise: nil) }
    }

    static func write(_ body: Data, to channel: Channel) {
        let frame = ContentLengthFraming.frame(body)
        var buffer = channel.allocator.buffer(capacity: frame.count)
        buffer.writeBytes(frame)
        channel.writeAndFlush(buffer, promise: nil)
    }
}
