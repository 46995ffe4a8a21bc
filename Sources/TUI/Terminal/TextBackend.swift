/// A backend without a terminal: keeps the last frame so tests can read the screen as text.
public final class TextBackend: TerminalBackend {
    public var size: Size
    public private(set) var lastFrame: CellBuffer
    public private(set) var cursor: Point?
    public private(set) var controlSequences: [String] = []
    /// Input handed out by `waitForInput`, one batch per call.
    public var pendingInput: [[InputEvent]] = []

    public init(size: Size) {
        self.size = size
        lastFrame = CellBuffer(size: size)
    }

    public func present(_ buffer: CellBuffer, cursor: Point?) {
        lastFrame = buffer
        self.cursor = cursor
    }

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [InputEvent] {
        pendingInput.isEmpty ? [] : pendingInput.removeFirst()
    }

    public func sendControlSequence(_ sequence: String) {
        controlSequences.append(sequence)
    }

    /// The screen as text, one line per row.
    public var screen: String { lastFrame.text }
}
