import Foundation

/// A file of recorded events (SPEC §2): UTF-8 JSON Lines. A leading byte-order mark is
/// skipped; a line with invalid UTF-8 is rejected at its first bad byte (never decoded with
/// replacement characters); other lines go through `EventDecoder`. `featide check` and the
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
                if let bad = UTF8Check.firstInvalidByte(in: line) {
                    errors.append(EventDecodeError(
                        line: lineNumber, column: bad + 1, message: "invalid UTF-8; expected UTF-8 text"))
                } else if !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
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

    /// Reads a file; nil when it cannot be read.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(bytes: Array(data))
    }
}

/// Finds the first byte that is not part of well-formed UTF-8 (no overlong forms, no
/// surrogates, nothing above U+10FFFF).
enum UTF8Check {
    static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF  // allowed range of the second byte
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + 1 < bytes.count, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length {
                guard i + k < bytes.count, (0x80...0xBF).contains(bytes[i + k]) else { return i }
            }
            i += length
        }
        return nil
    }
}
