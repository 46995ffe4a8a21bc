/// Decodes JSON Lines that arrive in arbitrary chunks (a file read in blocks, a socket),
/// holding back a partial last line until its newline arrives. Line numbers run on across
/// chunks, so errors name the line of the whole stream.
public struct EventStreamDecoder: Sendable {
    private var decoder = EventDecoder()
    private var pending: [UInt8] = []
    private var nextLine = 1

    public init() {}

    /// Decodes every line completed by `chunk`.
    public mutating func feed(_ chunk: [UInt8], _ body: (Result<Event, EventDecodeError>) -> Void) {
        guard let lastNewline = chunk.lastIndex(of: 0x0A) else {
            pending.append(contentsOf: chunk)
            return
        }
        if pending.isEmpty {
            // Common case: decode straight from the chunk, no copy.
            chunk.withUnsafeBufferPointer { buffer in
                decodeComplete(UnsafeBufferPointer(rebasing: buffer[..<(lastNewline + 1)]), body)
            }
        } else {
            pending.append(contentsOf: chunk[...lastNewline])
            let complete = pending
            pending.removeAll(keepingCapacity: true)
            complete.withUnsafeBufferPointer { decodeComplete($0, body) }
        }
        pending.append(contentsOf: chunk[(lastNewline + 1)...])
    }

    /// Decodes a last line that had no newline; call once at the end of the stream.
    public mutating func finish(_ body: (Result<Event, EventDecodeError>) -> Void) {
        let rest = pending
        pending.removeAll()
        rest.withUnsafeBufferPointer { buffer in
            nextLine = decoder.decodeLines(buffer, firstLine: nextLine, body)
        }
    }

    /// `bytes` ends with a newline, so every line in it is complete.
    private mutating func decodeComplete(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Result<Event, EventDecodeError>) -> Void) {
        nextLine = decoder.decodeLines(bytes, firstLine: nextLine, body)
    }
}
