import Foundation
import TUI
import XCTest

final class EventLoopTests: XCTestCase {
    /// A tiny application: records what arrives and quits on `q`.
    final class Recorder: LoopApplication {
        var events: [InputEvent] = []
        var messages: [String] = []
        var frames = 0
        var wantsToQuit = false
        func handle(_ event: InputEvent) {
            events.append(event)
            if event == .key(.character("q")) { wantsToQuit = true }
        }
        func receive(_ message: String) { messages.append(message) }
        func timerFired(_ name: String) { messages.append("timer \(name)") }
        func render(into buffer: inout CellBuffer) -> Point? {
            frames += 1
            buffer.write("frame \(frames)", x: 0, y: 0, style: .plain)
            return Point(x: 0, y: 1)
        }
    }

    func testMessagesFromAnotherThreadReachTheUIThreadAndRepaint() {
        let backend = TextBackend(size: Size(width: 20, height: 2))
        let loop = EventLoop<Recorder>(backend: backend)
        let app = Recorder()
        let posted = DispatchSemaphore(value: 0)
        let inbox = loop.inbox
        Thread.detachNewThread {
            inbox.post("from a worker")
            posted.signal()
        }
        posted.wait()
        backend.pendingInput = [[.key(.character("a"))], [.key(.character("q"))]]
        loop.run(app)
        XCTAssertEqual(app.messages, ["from a worker"])
        XCTAssertEqual(app.events, [.key(.character("a")), .key(.character("q"))])
        XCTAssertEqual(backend.screen.split(separator: "\n").first, "frame 2")
        XCTAssertEqual(backend.cursor, Point(x: 0, y: 1))
    }

    func testTimersFireOnceAndRescheduleMovesTheDeadline() {
        var timers = Timers<String>()
        let clock = ContinuousClock()
        let now = clock.now
        timers.schedule("swap", at: now.advanced(by: .milliseconds(300)))
        timers.schedule("swap", at: now.advanced(by: .milliseconds(600)))
        XCTAssertEqual(timers.takeDue(at: now.advanced(by: .milliseconds(400))), [])
        XCTAssertEqual(timers.takeDue(at: now.advanced(by: .milliseconds(700))), ["swap"])
        XCTAssertEqual(timers.takeDue(at: now.advanced(by: .milliseconds(900))), [])
        XCTAssertEqual(timers.millisecondsUntilNext(from: now, limit: 1000), 1000)
    }
}
