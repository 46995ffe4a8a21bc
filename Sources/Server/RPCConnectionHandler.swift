import EngineProtocol
import Foundation
import NIOCore
import NIOFoundationCompat

/// One client connection: each request is decoded here, handled on the engine's queue (so
/// events from every client are applied in one order), and answered in order. Reading pauses
/// while requests are in flight: a client sending faster than the engine applies waits (no
/// event is dropped for lack of room).
final class RPCConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let server: EngineServer
    private let session: RPCDispatcher.Session
    private var inFlight = 0

    init(server: EngineServer, id: Int) {
        self.server = server
        session = RPCDispatcher.Session(id: id)
    }

    func channelActive(context: ChannelHandlerContext) {
        server.queue.async { self.server.dispatcher.clients += 1 }
        context.read()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let id = session.id
        server.queue.async {
            self.server.dispatcher.clients -= 1
            self.server.dispatcher.instance.unsubscribe(id)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let body = buffer.readData(length: buffer.readableBytes) ?? Data()
        let channel = context.channel
        inFlight += 1
        let session = self.session
        server.queue.async {
            let wasAuthenticated = session.authenticated
            let response = self.server.dispatcher.handle(body, session: session) { session in
                self.server.dispatcher.instance.subscribe(session.id) { entry in
                    guard let notification = try? RPCEnvelope.request(id: nil, method: EngineNotification.log.rawValue, params: entry) else { return }
                    Self.write(notification, to: channel)
                }
            }
            if let response { Self.write(response, to: channel) }
            // A request before authentication gets its error, then the connection closes.
            if !wasAuthenticated, !session.authenticated { channel.close(promise: nil) }
            channel.eventLoop.execute {
                self.inFlight -= 1
                if self.inFlight == 0 { channel.read() }
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if inFlight == 0 { context.read() }
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
