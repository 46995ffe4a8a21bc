import EngineProtocol
import Foundation
import NIOCore
import NIOFoundationCompat

/// One client connection. The engine lives on the server's one event loop, so each request
/// is handled right here, in arrival order across every client (events are applied in one
/// order), with no hand-over between threads. Reading resumes only once a request is
/// answered: a client sending faster than the engine applies waits (nothing is dropped for
/// lack of room).
final class RPCConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let dispatcher: RPCDispatcher
    private let session: RPCDispatcher.Session

    init(dispatcher: RPCDispatcher, id: Int) {
        self.dispatcher = dispatcher
        session = RPCDispatcher.Session(id: id)
    }

    func channelActive(context: ChannelHandlerContext) {
        dispatcher.clients += 1
        context.read()
    }

    func channelInactive(context: ChannelHandlerContext) {
        dispatcher.clients -= 1
        dispatcher.instance.unsubscribe(session.id)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        let channel = context.channel
        let wasAuthenticated = session.authenticated
        let response = dispatcher.handle(body, session: session) { session, filter in
            dispatcher.instance.subscribe(session.id) { entry in
                guard filter.admits(entry),
                      let notification = try? RPCEnvelope.request(id: nil, method: EngineNotification.log.rawValue, params: entry) else { return }
                Self.write(notification, to: channel)
            }
        }
        if let response { Self.write(response, to: channel) }
        // A request before authentication gets its error, then the connection closes.
        if !wasAuthenticated, !session.authenticated { context.close(promise: nil) }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.read()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        let message = (error as? ContentLengthFraming.Malformed).map { "malformed frame: \($0.description)" } ?? "\(error)"
        Self.write(RPCEnvelope.error(id: nil, .parse(message)), to: context.channel)
        context.close(promise: nil)
    }

    static func write(_ data: Data, to channel: Channel) {
        var buffer = channel.allocator.buffer(capacity: data.count)
        buffer.writeBytes(data)
        channel.writeAndFlush(buffer, promise: nil)
    }
}
