/// The `ts` of an event line, read without building the event, for the load-time check of a
/// recording, which needs only its times and its errors (`RecordedFileSummary`).
///
/// It answers only for a valid line within a plain subset of what `EventDecoder` accepts:
/// keys and strings without escapes, numbers without an exponent, `params` values that are
/// not nested. For anything else — every invalid line among them — it answers nil and the
/// caller decodes the line, so each error keeps the decoder's own text and position.
/// The invariant, tested against the decoder on random and damaged lines: a time is given
/// only for a line the decoder accepts, and it is that event's `ts`.
enum PlainEventTime {
    static func of(_ line: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard UTF8Check.isASCII(line) || UTF8Check.firstInvalidByte(in: line) == nil else { return nil }
        var scanner = JSONValueScanner(line)
        guard scanner.peek() == UInt8(ascii: "{") else { return nil }
        scanner.offset += 1
        var seen: UInt8 = 0
        var ts: Int64 = 0
        while true {
            guard scanner.peek() == UInt8(ascii: "\""), let index = fieldName(&scanner) else { return nil }
            let bit: UInt8 = 1 << index
            guard seen & bit == 0, scanner.peek() == UInt8(ascii: ":") else { return nil }
            seen |= bit
            scanner.offset += 1
            guard let first = scanner.peek() else { return nil }
            switch index {
            case 0:
                guard let time = integer(&scanner), EventTime.range.contains(time) else { return nil }
                ts = time
            case 1:
                guard first == UInt8(ascii: "\""), let end = scanner.plainStringEnd(from: scanner.offset + 1),
                      end > scanner.offset + 1 else { return nil }
                scanner.offset = end + 1
            case 6:
                guard first == UInt8(ascii: "{") ? skipFlatObject(&scanner) : scanner.skipKeyword("null") else { return nil }
            default:
                guard first == UInt8(ascii: "\"") ? skipPlainString(&scanner) : scanner.skipKeyword("null") else { return nil }
            }
            switch scanner.peek() {
            case UInt8(ascii: ",")?: scanner.offset += 1
            case UInt8(ascii: "}")?:
                scanner.offset += 1
                // `ts` and `type` both given, and nothing after the object.
                return seen & 0b11 == 0b11 && scanner.peek() == nil ? ts : nil
            default: return nil
            }
        }
    }

    /// The index in `EventDecoder.fieldNames` of the plain key at the scanner (its quote).
    @inline(__always)
    private static func fieldName(_ scanner: inout JSONValueScanner) -> Int? {
        let start = scanner.offset + 1
        if let (index, length) = EventDecoder.fieldAtWord(scanner.bytes, start) {
            scanner.offset = start + length + 1
            return index
        }
        guard let end = scanner.plainStringEnd(from: start),
              let index = EventDecoder.fieldIndex(UnsafeBufferPointer(rebasing: scanner.bytes[start..<end])) else { return nil }
        scanner.offset = end + 1
        return index
    }

    /// A non-negative integer literal of at most 18 digits, which an Int64 holds unchecked.
    @inline(__always)
    private static func integer(_ scanner: inout JSONValueScanner) -> Int64? {
        let bytes = scanner.bytes
        let start = scanner.offset
        var value: Int64 = 0
        var i = start
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10, i - start < 19 {
            value = value &* 10 &+ Int64(bytes[i] &- UInt8(ascii: "0"))
            i += 1
        }
        let digits = i - start
        guard digits > 0, digits <= 18, digits == 1 || bytes[start] != UInt8(ascii: "0"),
              i == bytes.count || !continuesNumber(bytes[i]) else { return nil }
        scanner.offset = i
        return value
    }

    /// A `params` object whose keys and values are all plain: no escapes, no nesting, no
    /// number with an exponent or with more digits than the decoder reads exactly.
    private static func skipFlatObject(_ scanner: inout JSONValueScanner) -> Bool {
        scanner.offset += 1
        if scanner.peek() == UInt8(ascii: "}") {
            scanner.offset += 1
            return true
        }
        while true {
            guard scanner.peek() == UInt8(ascii: "\""), skipPlainString(&scanner),
                  scanner.peek() == UInt8(ascii: ":") else { return false }
            scanner.offset += 1
            switch scanner.peek() {
            case UInt8(ascii: "\"")?: guard skipPlainString(&scanner) else { return false }
            case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: guard skipNumber(&scanner) else { return false }
            case UInt8(ascii: "t")?: guard scanner.skipKeyword("true") else { return false }
            case UInt8(ascii: "f")?: guard scanner.skipKeyword("false") else { return false }
            case UInt8(ascii: "n")?: guard scanner.skipKeyword("null") else { return false }
            default: return false
            }
            switch scanner.peek() {
            case UInt8(ascii: ",")?: scanner.offset += 1
            case UInt8(ascii: "}")?:
                scanner.offset += 1
                return true
            default: return false
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)?` with at most 19 digits in all.
    private static func skipNumber(_ scanner: inout JSONValueScanner) -> Bool {
        let bytes = scanner.bytes
        var i = scanner.offset
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        let integerStart = i
        while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
        var digits = i - integerStart
        guard digits > 0, digits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return false }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < bytes.count, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
            guard i > fractionStart else { return false }
            digits += i - fractionStart
        }
        guard digits <= 19, i == bytes.count || !continuesNumber(bytes[i]) else { return false }
        scanner.offset = i
        return true
    }

    /// Whether a byte after a number's digits would make it more than this scan reads.
    @inline(__always)
    private static func continuesNumber(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
    }

    /// A string without escapes or control characters, at its opening quote.
    @inline(__always)
    private static func skipPlainString(_ scanner: inout JSONValueScanner) -> Bool {
        guard scanner.bytes[scanner.offset] == UInt8(ascii: "\""),
              let end = scanner.plainStringEnd(from: scanner.offset + 1) else { return false }
        scanner.offset = end + 1
        return true
    }
}
