/// A file of recorded events (SPEC §2): UTF-8 JSON Lines. A leading byte-order mark is
/// skipped; every other line goes through `EventDecoder`, which rejects invalid UTF-8 at its
/// first bad byte (never decoding it with replacement characters). `featide check` and the
/// scenario player read recordings through this one path.
public struct RecordedEventFile: Sendable {
    /// Events with their 1-based line numbers, in file order.
    public var events: [(line: Int, event: Event)] = []
    public var errors: [EventDecodeError] = []
    /// No event and no error: nothing but blank lines, or no bytes at all.
    public var isEmpty: Bool { events.isEmpty && errors.isEmpty }

    /// More errors than this in one file are summed up in one line (SPEC §2).
    public static let reportedErrorLimit = 100

    public init(bytes: [UInt8]) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let decoder = EventDecoder()
        bytes.withUnsafeBufferPointer { all in
            var lineStart = start
            var lineNumber = 1
            while lineStart < all.count {
                var lineEnd = lineStart
                while lineEnd < all.count, all[lineEnd] != 0x0A { lineEnd += 1 }
                let line = UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])
                // Columns count bytes from the line's start (after the BOM on line 1).
                if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    switch decoder.decodeLine(line, lineNumber: lineNumber) {
                    case .success(let event): events.append((lineNumber, event))
                    case .failure(let error): errors.append(error)
                    }
                }
                lineStart = lineEnd + 1
                lineNumber += 1
            }
        }
    }

    /// Reads a file in chunks (never its bytes all at once); nil when it cannot be read.
    public init?(path: String) {
        guard let reader = RecordedEventReader(path: path) else { return nil }
        while let (line, result) = reader.next() {
            switch result {
            case .success(let event): events.append((line, event))
            case .failure(let error): errors.append(error)
            }
        }
    }
}
