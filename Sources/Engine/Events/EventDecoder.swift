#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decodes JSON Lines into `Event`s (SPEC §2), one line at a time, at byte level.
///
/// Contract:
/// - Top-level fields are `ts` (required integer ms from 0 to 253402300799999, the end of
///   year 9999 — anything else is a malformed event), `type` (required non-empty string),
///   `session app scene page` (string or null) and `params` (object or null).
/// - Unknown top-level fields are rejected: a typo such as `parmas` would otherwise drop
///   data silently. Repeated top-level fields are rejected too.
/// - Blank lines are skipped; `\r\n` line ends are accepted. A line with invalid UTF-8 is an
///   error at its first bad byte.
/// - A bad line yields an `EventDecodeError` and decoding goes on with the next line.
public struct EventDecoder: Sendable {
    public static let fieldNames = ["ts", "type", "session", "app", "scene", "page", "params"]
    /// The same names as bytes, matched against a line's keys in place.
    static let fieldNameBytes = fieldNames.map { Array($0.utf8) }

    public init() {}

    /// Decodes every line of `bytes`, calling `body` with an event or an error per non-blank
    /// line, in order. Line numbers start at `firstLine`; returns the number after the last.
    @discardableResult
    public func decodeLines(
        _ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int = 1,
        _ body: (Result<Event, EventDecodeError>) -> Void
    ) -> Int {
        var lineStart = 0
        var lineNumber = firstLine
        while lineStart < bytes.count {
            let lineEnd = Self.newline(in: bytes, from: lineStart)
            let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if !Self.isBlank(line) { body(decodeLine(line, lineNumber: lineNumber)) }
            lineStart = lineEnd + 1
            lineNumber += 1
        }
        return lineNumber
    }

    /// Decodes a whole JSON Lines text, collecting events and errors.
    public func decodeAll(_ bytes: [UInt8]) -> (events: [Event], errors: [EventDecodeError]) {
        var events: [Event] = []
        var errors: [EventDecodeError] = []
        _ = bytes.withUnsafeBufferPointer { buffer in
            decodeLines(buffer) { result in
                switch result {
                case .success(let event): events.append(event)
                case .failure(let error): errors.append(error)
                }
            }
        }
        return (events, errors)
    }

    public func decodeAll(_ text: String) -> (events: [Event], errors: [EventDecodeError]) {
        decodeAll(Array(text.utf8))
    }

    /// Decodes one line (without its `\n`).
    public func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<Event, EventDecodeError> {
        // Rejected, never decoded with replacement characters (SPEC §2).
        if let bad = UTF8Check.firstInvalidByte(in: line) {
            return .failure(EventDecodeError(line: lineNumber, column: bad + 1, message: "invalid UTF-8; expected UTF-8 text"))
        }
        var fields = DecodedFields()
        var scanner = JSONValueScanner(line)
        var currentField: String?
        do throws(JSONSyntaxError) {
            try scanner.expect(UInt8(ascii: "{"), "'{' to start an event object")
            if scanner.peek() == UInt8(ascii: "}") {
                scanner.offset += 1
            } else {
                while true {
                    guard scanner.peek() == UInt8(ascii: "\"") else {
                        throw scanner.error("expected '\"' to start a field name")
                    }
                    let key = try scanner.parseFieldName(among: Self.fieldNameBytes)
                    let name = key.index.map { Self.fieldNames[$0] } ?? key.name!
                    currentField = name
                    try scanner.expect(UInt8(ascii: ":"), "':' after the field name")
                    _ = scanner.peek()
                    let valueColumn = scanner.offset + 1
                    let value = try scanner.parseValue()
                    if let problem = fields.set(key.index ?? Self.fieldNames.firstIndex(of: name), value) {
                        return .failure(EventDecodeError(line: lineNumber, column: valueColumn, field: name, message: problem))
                    }
                    currentField = nil
                    guard let next = scanner.peek() else { throw scanner.error("expected ',' or '}'") }
                    scanner.offset += 1
                    if next == UInt8(ascii: "}") { break }
                    guard next == UInt8(ascii: ",") else {
                        scanner.offset -= 1
                        throw scanner.error("expected ',' or '}'")
                    }
                }
            }
            if scanner.peek() != nil { throw scanner.error("expected the end of the line after the event object") }
        } catch {
            return .failure(EventDecodeError(
                line: lineNumber, column: error.offset + 1, field: currentField,
                message: "invalid JSON: \(error.message)"))
        }
        return fields.event(lineNumber: lineNumber)
    }

    /// The index of the next `\n` at or after `start`, or the end (memchr scans in bulk).
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

/// Top-level fields seen so far on one line, each checked as it arrives.
private struct DecodedFields {
    var ts: Int64?
    var type: String?
    var session: String?
    var app: String?
    var scene: String?
    var page: String?
    /// Made only at the end when absent: an empty map made up front per line costs an allocation.
    var params: CELMap?
    /// One bit per `EventDecoder.fieldNames` index; a bit mask avoids a Set per line.
    var seen: UInt8 = 0

    static let tsExpected = "expected an integer (milliseconds since the epoch)"
    static let tsRangeExpected =
        "out of range; expected milliseconds since the epoch from 0 to \(EventTime.latest) (the end of year 9999)"

    /// Stores the field at `index` in `EventDecoder.fieldNames` (nil: an unknown field);
    /// returns what is wrong with it, if anything.
    mutating func set(_ index: Int?, _ value: CELValue) -> String? {
        guard let index else {
            return "unknown field; expected one of \(EventDecoder.fieldNames.joined(separator: ", "))"
        }
        let bit: UInt8 = 1 << index
        guard seen & bit == 0 else { return "given twice; expected each field once" }
        seen |= bit
        switch index {
        case 0:
            guard case .int(let ms) = value else {
                if case .double(let d) = value, d == d.rounded() { return Self.tsRangeExpected }
                return Self.tsExpected
            }
            guard EventTime.range.contains(ms) else { return Self.tsRangeExpected }
            ts = ms
        case 1:
            guard case .string(let text) = value, !text.isEmpty else { return "expected a non-empty string" }
            type = text
        case 6:
            switch value {
            case .map(let map): params = map
            case .null: params = nil
            default: return "expected an object"
            }
        default:
            let text: String?
            switch value {
            case .string(let given): text = given
            case .null: text = nil
            default: return "expected a string or null"
            }
            switch index {
            case 2: session = text
            case 3: app = text
            case 4: scene = text
            default: page = text
            }
        }
        return nil
    }

    func event(lineNumber: Int) -> Result<Event, EventDecodeError> {
        guard let ts else {
            return .failure(EventDecodeError(line: lineNumber, column: 1, field: "ts", message: "missing; \(Self.tsExpected)"))
        }
        guard let type else {
            return .failure(EventDecodeError(
                line: lineNumber, column: 1, field: "type", message: "missing; expected a non-empty string"))
        }
        return .success(Event(ts: ts, type: type, session: session, app: app, scene: scene, page: page, params: params ?? CELMap()))
    }
}
