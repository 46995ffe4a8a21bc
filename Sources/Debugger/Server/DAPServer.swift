import EngineProtocol
import FramingNIO
import NIOCore
import NIOPosix
import Synchronization

/// The Debug Adapter Protocol on loopback TCP (`featide engine --dap 127.0.0.1:PORT`),
/// Content-Length framed like the engine's JSON-RPC. It runs on its own event loop thread:
/// the engine's thread blocks while stopped, and the client must still be answered.
public final class DAPServer: Sendable {
    private let debugger: EventDebugger
    private let token: String
    private let engine: DebuggedEngine
    private let scripts: ScriptDebugBackend?
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channels = Mutex<[Channel]>([])
    private let connections = Atomic<Int>(0)

    public init(debugger: EventDebugger, token: String, engine: DebuggedEngine, scripts: ScriptDebugBackend? = nil) {
        self.debugger = debugger
        self.token = token
        self.engine = engine
        self.scripts = scripts
    }

    /// Binds (`port` 0: any free port) and starts serving; returns once listening.
    public func start(host: String, port: Int) throws {
        let bound = try bootstrap.bind(host: host, port: port).wait()
        channels.withLock { $0.append(bound) }
    }

    /// Serves on a unix socket too (mode 0600), beside the engine's own: the IDE's way in.
    public func start(unixSocket path: String) throws {
        let bound = try bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).wait()
        chmod(path, 0o600)
        channels.withLock { $0.append(bound) }
    }

    private var bootstrap: ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] channel in
                let id = connections.add(1, ordering: .relaxed).newValue
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ContentLengthFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(DAPConnectionHandler { [self] channel in session(id: id, channel) })
                }
            }
    }

    private func session(id: Int, _ channel: Channel) -> DAPSession {
        DAPSession(id: id, debugger: debugger, token: token, engine: engine, scripts: scripts,
                   write: { body in DAPConnectionHandler.write(body, to: channel) },
                   onLoop: { work in channel.eventLoop.execute(work) },
                   close: { channel.close(promise: nil) })
    }

    /// The TCP port bound.
    public var port: Int? { channels.withLock { $0.lazy.compactMap { $0.localAddress?.port }.first } }

    /// Stops serving; a stopped engine goes on first.
    public func stop() {
        debugger.shutdown()
        for channel in channels.withLock({ $0 }) { try? channel.close().wait() }
        try? group.syncShutdownGracefully()
    }
}
