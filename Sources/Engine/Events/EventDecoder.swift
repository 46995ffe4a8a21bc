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
    /// Event types, context names and param keys met so far (see `ByteStringInterner`).
    var names = ByteStringInterner()
    var shapes = ParamKeyShapes()
    /// The current `params` object's key ids (the first `keyCount`), reused from line to line.
    var keyIDs: [Int32] = []
    var keyCount = 0
    /// The interned id of the last line's `type`, `app`, `scene` and `page` (by field index;
    /// -1: none), tried first for the next line's (`ByteStringInterner.id(of:hint:)`).
    var lastFieldIDs: [Int32] = [-1, -1, -1, -1, -1, -1]
    /// The last line's `type`, `app`, `scene` and `page` values as quoted bytes (by field
    /// index), so a repeated value costs two word compares (`KeyPrediction`).
    var valuePredictions = [KeyPrediction](repeating: KeyPrediction(), count: 6)
    /// How many params the last object had.
    var lastParamCount = 4
    /// The last line's top-level keys and `params` keys by position (`KeyPrediction`).
    var fieldPredictions = [KeyPrediction](repeating: KeyPrediction(), count: predictedPositions)
    var paramKeyPredictions = [KeyPrediction](repeating: KeyPrediction(), count: predictedPositions)
    static let predictedPositions = 8
    /// The `params` of every event without any (or with `{}`): one shared box, not one
    /// allocation per event; a map is copied before it is changed, so sharing is safe.
    let emptyParams = CELMap()
    /// The keys array of the `params` object the predictions at positions 0, 1, … spell (nil
    /// once any of them changes): an object whose keys were all predicted, as many as these,
    /// shares it without hashing its key ids (`ParamKeyShapes`).
    var predictedKeys: [CELMapKey]?

    public init() {}

    /// Decodes every line of `bytes`, calling `body` with an event or an error per non-blank
    /// line, in order. Line numbers start at `firstLine`; returns the number after the last.
    @discardableResult
    public mutating func decodeLines(
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
        var decoder = self
        var events: [Event] = []
        var errors: [EventDecodeError] = []
        _ = bytes.withUnsafeBufferPointer { buffer in
            decoder.decodeLines(buffer) { result in
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
    public mutating func decodeLine(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<Event, EventDecodeError> {
        // Rejected, never decoded with replacement characters (SPEC §2).
        if let bad = UTF8Check.firstInvalidByte(in: line) {
            return .failure(.invalidUTF8(line: lineNumber, column: bad + 1))
        }
        var fields = DecodedFields(emptyParams: emptyParams)
        var scanner = JSONValueScanner(line)
        /// The field being read, for errors: whether there is one, its index (nil: unknown)
        /// and its text when read the general way. Kept apart, not as one optional tuple
        /// whose String was released at every field.
        var inField = false
        var index: Int?
        var fieldText: String?
        do throws(JSONSyntaxError) {
            try scanner.expect(UInt8(ascii: "{"), "'{' to start an event object")
            if scanner.peek() == UInt8(ascii: "}") {
                scanner.offset += 1
            } else {
                var position = 0
                while true {
                    let keyStart = scanner.offset
                    if position < Self.predictedPositions, fieldPredictions[position].matches(line, at: keyStart) {
                        index = Int(fieldPredictions[position].id)
                        if fieldText != nil { fieldText = nil }
                        inField = true
                        scanner.offset += fieldPredictions[position].length
                    } else {
                        guard scanner.peek() == UInt8(ascii: "\"") else {
                            throw scanner.error("expected '\"' to start a field name")
                        }
                        let (named, text) = try Self.parseFieldName(&scanner)
                        index = named
                        if text != nil || fieldText != nil { fieldText = text }
                        inField = true
                        try scanner.expect(UInt8(ascii: ":"), "':' after the field name")
                        // The spaces after the colon too: the value's first byte comes next.
                        scanner.skipWhitespace()
                        if position < Self.predictedPositions {
                            if let index, fieldText == nil {
                                fieldPredictions[position].record(line, from: keyStart, to: scanner.offset, id: Int32(index))
                            } else {
                                fieldPredictions[position].forget()
                            }
                        }
                    }
                    position += 1
                    let first = scanner.peek()
                    let valueColumn = scanner.offset + 1
                    if let problem = try parseField(index, first: first, &scanner, into: &fields) {
                        return .failure(EventDecodeError(line: lineNumber, column: valueColumn,
                                                         field: Self.name(index, fieldText), message: problem))
                    }
                    inField = false
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
                line: lineNumber, column: error.offset + 1, field: inField ? Self.name(index, fieldText) : nil,
                message: "invalid JSON: \(error.message)"))
        }
        if let missing = fields.missing(lineNumber: lineNumber) { return .failure(missing) }
        return .success((consume fields).event)
    }

    /// Reads one top-level field's value into `fields`; returns what is wrong with it, if
    /// anything. Strings of the context fields and `params` objects take the interning
    /// paths; anything else is read as a general value and then checked, so a syntax error
    /// inside a value is reported before the value's type is.
    @inline(__always)
    private mutating func parseField(_ index: Int?, first: UInt8?, _ scanner: inout JSONValueScanner,
                                     into fields: inout DecodedFields) throws(JSONSyntaxError) -> String? {
        switch (index, first) {
        case (1?, UInt8(ascii: "\"")?), (3?, UInt8(ascii: "\"")?), (4?, UInt8(ascii: "\"")?), (5?, UInt8(ascii: "\"")?):
            return fields.set(index!, string: try parseInternedString(&scanner, field: index!))
        case (2?, UInt8(ascii: "\"")?):  // sessions are many: not interned
            return fields.set(2, string: try scanner.parseString())
        case (6?, UInt8(ascii: "{")?):
            return fields.set(params: try parseParams(&scanner))
        default:
            return fields.set(index, try scanner.parseValue())
        }
    }

    /// A string value at the scanner (its opening quote), interned when plain.
    @inline(__always)
    mutating func parseInternedString(_ scanner: inout JSONValueScanner, field: Int) throws(JSONSyntaxError) -> String {
        let quote = scanner.offset
        if valuePredictions[field].matches(scanner.bytes, at: quote) {
            scanner.offset += valuePredictions[field].length
            return names.strings[Int(valuePredictions[field].id)]
        }
        let start = quote + 1
        guard let end = scanner.plainStringEnd(from: start) else { return try scanner.parseString() }
        scanner.offset = end + 1
        let bytes = UnsafeBufferPointer(rebasing: scanner.bytes[start..<end])
        guard let id = names.id(of: bytes, hint: lastFieldIDs[field]) else {
            return String(decodingJSON: bytes, readable: scanner.bytes.count - start)
        }
        lastFieldIDs[field] = Int32(id)
        valuePredictions[field].record(scanner.bytes, from: quote, to: scanner.offset, id: Int32(id))
        return names.strings[id]
    }

    /// Reads a top-level key at the scanner (its opening quote): the index of the event field
    /// it names (nil: unknown), and its text only when read the general way. Plain keys are
    /// matched as bytes, in place, with no String made.
    @inline(__always)
    static func parseFieldName(_ scanner: inout JSONValueScanner) throws(JSONSyntaxError) -> (index: Int?, text: String?) {
        let start = scanner.offset + 1
        if let (index, length) = fieldAtWord(scanner.bytes, start) {
            scanner.offset = start + length + 1
            return (index, nil)
        }
        if let end = scanner.plainStringEnd(from: start),
           let index = fieldIndex(UnsafeBufferPointer(rebasing: scanner.bytes[start..<end])) {
            scanner.offset = end + 1
            return (index, nil)
        }
        // Escapes, control characters, an unterminated key or an unknown one: the general path.
        let text = try scanner.parseString()
        return (fieldNames.firstIndex(of: text), text)
    }

    /// A field's name for an error: its text as read, else the known name at `index`.
    static func name(_ index: Int?, _ text: String?) -> String? {
        text ?? index.map { fieldNames[$0] }
    }

    /// The index in `fieldNames` of a key's bytes: the bytes packed into one word (every
    /// field name is under 8 bytes) and compared with the names packed the same way.
    @inline(__always)
    static func fieldIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard key.count >= 2, key.count <= 7 else { return nil }
        var packed: UInt64 = 0
        for i in 0..<key.count { packed |= UInt64(key[i]) << (8 * UInt64(i)) }
        switch packed {
        case packedTs: return 0
        case packedType: return 1
        case packedSession: return 2
        case packedApp: return 3
        case packedScene: return 4
        case packedPage: return 5
        case packedParams: return 6
        default: return nil
        }
    }

    /// The field whose name and closing quote start the eight bytes at `start`, with the
    /// name's length: one load and a few masked compares, no scan. Nil near the line's end
    /// or for anything else (the scanning path then decides).
    @inline(__always)
    static func fieldAtWord(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (index: Int, length: Int)? {
        guard start + 8 <= bytes.count else { return nil }
        let word = UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self)
        let quote: UInt64 = 0x22
        if word & 0xFF_FFFF == packedTs | quote << 16 { return (0, 2) }
        if word & 0xFF_FFFF_FFFF == packedType | quote << 32 { return (1, 4) }
        if word & 0xFF_FFFF_FFFF == packedPage | quote << 32 { return (5, 4) }
        if word & 0xFF_FFFF_FFFF_FFFF == packedParams | quote << 48 { return (6, 6) }
        if word == packedSession | quote << 56 { return (2, 7) }
        if word & 0xFFFF_FFFF == packedApp | quote << 24 { return (3, 3) }
        if word & 0xFFFF_FFFF_FFFF == packedScene | quote << 40 { return (4, 5) }
        return nil
    }

    // Literals, so the switch above compiles to compares with constants.
    private static let packedTs: UInt64 = 0x73_74
    private static let packedType: UInt64 = 0x65_70_79_74
    private static let packedSession: UInt64 = 0x6e_6f_69_73_73_65_73
    private static let packedApp: UInt64 = 0x70_70_61
    private static let packedScene: UInt64 = 0x65_6e_65_63_73
    private static let packedPage: UInt64 = 0x65_67_61_70
    private static let packedParams: UInt64 = 0x73_6d_61_72_61_70

    /// The index of the next `\n` at or after `start`, or the end (memchr scans in bulk).
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
              let found = memchr(base + start, 0x0A, bytes.count - start) else { return bytes.count }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }

    /// Whether a line holds only spaces, tabs and a `\r` (skipped, not an error).
    static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

