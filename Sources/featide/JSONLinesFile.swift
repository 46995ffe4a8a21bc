import Foundation

/// Reads a JSON Lines file in 1 MiB chunks and hands each non-blank line (without its
/// newline or a `\r` before it, a leading BOM skipped) to a closure, with its 1-based line
/// number. Holds one chunk and the line being handed over, never the file. For the fleet
/// commands and `featide send`.
enum JSONLinesFile {
    static func forEachLine(_ path: String, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw FleetError("cannot read \(path)")
        }
        defer { try? handle.close() }
        try forEachLine(of: handle, body)
    }

    /// The same from an open file (standard input, say).
    static func forEachLine(of handle: FileHandle, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var carry: [UInt8] = []
        var lineNumber = 0
        var first = true
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            var bytes = carry + chunk
            if first, bytes.count >= 3 || chunk.isEmpty {
                first = false
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            }
            let atEnd = chunk.isEmpty
            let consumed = try bytes.withUnsafeBufferPointer { all -> Int in
                var start = 0
                while let newline = all[start...].firstIndex(of: 0x0A) {
                    lineNumber += 1
                    try hand(UnsafeBufferPointer(rebasing: all[start..<newline]), lineNumber, body)
                    start = newline + 1
                }
                if atEnd, start < all.count {
                    lineNumber += 1
                    try hand(UnsafeBufferPointer(rebasing: all[start...]), lineNumber, body)
                    start = all.count
                }
                return start
            }
            carry = Array(bytes[consumed...])
            if atEnd { return }
        }
    }

    private static func hand(_ line: UnsafeBufferPointer<UInt8>, _ number: Int,
                             _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var end = line.count
        if end > 0, line[end - 1] == 0x0D { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: line[..<end])
        guard !trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return }
        try body(trimmed, number)
    }
}
