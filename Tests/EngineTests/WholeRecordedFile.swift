import Engine

/// A recorded file decoded whole, in one buffer (BOM skipped, blank lines skipped, each other
/// line through `EventDecoder`): the reference `RecordedEventReader`'s chunked reads must
/// agree with.
struct WholeRecordedFile {
    /// Events with their 1-based line numbers, in file order.
    var events: [(line: Int, event: Event)] = []
    var errors: [EventDecodeError] = []
    init(bytes: [UInt8]) {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var decoder = EventDecoder()
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
}
