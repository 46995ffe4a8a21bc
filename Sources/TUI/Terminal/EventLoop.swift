/// What the event loop drives: one application object, touched only on the UI thread.
public protocol LoopApplication: AnyObject {
    associatedtype Message: Sendable
    associatedtype TimerName: Hashable

    var wantsToQuit: Bool { get }
    func handle(_ event: InputEvent)
    func receive(_ message: Message)
    func timerFired(_ name: TimerName)
    /// Draws the whole screen; returns where the hardware cursor goes.
    func render(into buffer: inout CellBuffer) -> Point?
}

/// The UI thread's loop: wait for keys, mouse, resize, timers or messages; handle them; repaint
/// once per batch. Nothing else touches the backend.
public final class EventLoop<App: LoopApplication> {
    public let backend: TerminalBackend
    public let inbox = Inbox<App.Message>()
    public var timers = Timers<App.TimerName>()
    private let clock = ContinuousClock()

    public init(backend: TerminalBackend) {
        self.backend = backend
    }

    public func schedule(_ timer: App.TimerName, afterMilliseconds milliseconds: Int) {
        timers.schedule(timer, at: clock.now.advanced(by: .milliseconds(milliseconds)))
    }

    public func run(_ app: App) {
        paint(app)
        while !app.wantsToQuit {
            let timeout = timers.millisecondsUntilNext(from: clock.now, limit: 1000)
            let events = backend.waitForInput(timeoutMilliseconds: timeout, wakeDescriptor: inbox.wakeDescriptor)
            for event in events where !app.wantsToQuit { app.handle(event) }
            for message in inbox.drain() { app.receive(message) }
            for timer in timers.takeDue(at: clock.now) { app.timerFired(timer) }
            if !app.wantsToQuit { paint(app) }
        }
    }

    /// One frame: a fresh buffer the size of the terminal, drawn whole, presented as a diff.
    public func paint(_ app: App) {
        var buffer = CellBuffer(size: backend.size)
        let cursor = app.render(into: &buffer)
        backend.present(buffer, cursor: cursor)
    }
}
