import Dispatch
import EngineProtocol
import FramingNIO
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// The engine instance on the wire: JSON-RPC 2.0 with Content-Length framing over a unix
/// socket or loopback TCP (SwiftNIO), every connection authenticated by the token. The
/// instance lives on the one event loop: every request and every clock tick runs there, one
/// at a time.
public final class EngineServer: @unchecked Sendable {
    let dispatcher: RPCDispatcher
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var loop: EventLoop { group.next() }
    private let connections = Atomic<Int>(0)
    private var channel: Channel?
    private var ticker: RepeatedTask?

    public init(instance: EngineInstance, token: String) {
        dispatcher = RPCDispatcher(instance: instance, token: token)
    }

    /// Binds and starts serving; returns once listening.
    public func start(listen address: EngineAddress) throws {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { [self] channel in
                let id = connections.add(1, ordering: .relaxed).newValue
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ContentLengthFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(RPCConnectionHandler(dispatcher: dispatcher, id: id))
                }
            }
        switch address {
        case .unix(let path):
            channel = try bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).wait()
            chmod(path, 0o600)
        case .tcp(let host, let port):
            channel = try bootstrap.bind(host: host, port: port).wait()
        }
        ticker = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [dispatcher] _ in
            dispatcher.instance.tick()
        }
    }

    /// Runs `body` on the engine's thread, in line with every request (a debugger playing a
    /// scenario under its control).
    public func onEngine(_ body: @escaping @Sendable (EngineInstance) -> Void) {
        loop.execute { [self] in body(dispatcher.instance) }
    }

    /// The port bound (for `127.0.0.1:0`).
    public var port: Int? { channel?.localAddress?.port }

    /// Serves until SIGTERM or SIGINT: then stops accepting, finishes the request in hand,
    /// saves what is pending and returns.
    /// `beforeStopping` runs first (a debug adapter lets a stopped engine go on).
    public func runUntilTerminated(beforeStopping: () -> Void = {}) {
        let done = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        beforeStopping()
        stop()
    }

    public func stop() {
        ticker?.cancel()
        try? channel?.close().wait()
        try? loop.submit { [dispatcher] in
            dispatcher.instance.takeSnapshot(wait: true)
            dispatcher.instance.flushLogs()
        }.wait()
        try? group.syncShutdownGracefully()
    }
}
