import Foundation

/// Messages from other threads to the UI thread. Posting wakes the loop through a pipe, so a
/// result shows up at once instead of at the next timeout.
public final class Inbox<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private let pipeDescriptors: [Int32]

    public init() {
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) == 0 {
            for descriptor in descriptors { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK) }
        }
        pipeDescriptors = descriptors
    }

    deinit { for descriptor in pipeDescriptors where descriptor >= 0 { close(descriptor) } }

    /// Readable whenever messages are waiting; the loop polls it beside the terminal.
    public var wakeDescriptor: Int32 { pipeDescriptors[0] }

    /// Callable from any thread.
    public func post(_ message: Message) {
        lock.lock()
        messages.append(message)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipeDescriptors[1], &byte, 1)
    }

    /// Takes every waiting message, oldest first.
    public func drain() -> [Message] {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(pipeDescriptors[0], &scratch, scratch.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = messages
        messages.removeAll()
        return taken
    }
}
