/// A byte-level JSON scanner producing `CELValue`s directly, so an event line is read once
/// with no intermediate `Any` tree (Foundation's JSONSerialization costs an allocation per
/// value and loses the int/double distinction).
///
/// Numbers without fraction or exponent that fit Int64 become `.int`, every other number
/// `.double`. Objects become insertion-ordered `CELMap`s (a repeated key keeps its first
/// position and its last value). Strings must not contain raw control characters; invalid
/// UTF-8 is replaced by U+FFFD rather than rejected.
struct JSONValueScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset: Int

    /// Nesting beyond this is rejected instead of risking the stack.
    static let maxDepth = 128

    init(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var atEnd: Bool { offset >= bytes.count }

    mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    /// The next non-whitespace byte, not consumed; nil at the end.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return offset < bytes.count ? bytes[offset] : nil
    }

    func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, message: message)
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard peek() == byte else { throw error("expected \(what)") }
        offset += 1
    }

    mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> CELValue {
        guard let byte = peek() else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return .map(try parseObject(depth: depth + 1))
        case UInt8(ascii: "["): return .list(try parseArray(depth: depth + 1))
        case UInt8(ascii: "t"): try parseKeyword("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseKeyword("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseKeyword("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a value (string, number, object, array, true, false or null)")
        }
    }

    private mutating func parseKeyword(_ word: StaticString) throws(JSONSyntaxError) {
        guard skipKeyword(word) else { throw error("expected \(word)") }
    }

    /// Passes `word` when the bytes at the offset spell it; false (the offset unmoved) if not.
    mutating func skipKeyword(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        for k in 0..<count where bytes[offset + k] != word.utf8Start[k] { return false }
        offset += count
        return true
    }

    mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> CELMap {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        try expect(UInt8(ascii: "{"), "'{'")
        if peek() == UInt8(ascii: "}") { offset += 1; return CELMap() }
        // Keys are collected and handed to the map in one step, values go straight into its
        // storage: inserting pair by pair grew the map several times per object.
        var keys: [CELMapKey] = []
        keys.reserveCapacity(4)
        var map = CELMap(pendingValueCapacity: 4)
        /// Key positions, once there are too many keys to find a repeated one by scanning.
        var positions: [String: Int]?
        while true {
            guard peek() == UInt8(ascii: "\"") else { throw error("expected '\"' to start a key") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"), "':' after a key")
            let value = try parseValue(depth: depth)
            // A repeated key keeps its first position and takes the last value.
            if let i = positions.map({ $0[key] }) ?? keys.firstIndex(where: { if case .string(key) = $0 { true } else { false } }) {
                map.setValue(consume value, atPosition: i)
            } else {
                positions?[key] = keys.count
                keys.append(.string(key))
                map.appendPendingValue(consume value)
                if positions == nil, keys.count > 8 {
                    positions = Dictionary(uniqueKeysWithValues: keys.enumerated().map { i, k in
                        guard case .string(let s) = k else { preconditionFailure("object keys are strings") }
                        return (s, i)
                    })
                }
            }
            guard let next = peek() else { throw error("expected ',' or '}'") }
            offset += 1
            if next == UInt8(ascii: "}") {
                map.attachKeys(keys)
                return map
            }
            guard next == UInt8(ascii: ",") else { offset -= 1; throw error("expected ',' or '}'") }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [CELValue] {
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth) levels") }
        try expect(UInt8(ascii: "["), "'['")
        var list: [CELValue] = []
        if peek() == UInt8(ascii: "]") { offset += 1; return list }
        while true {
            list.append(try parseValue(depth: depth))
            guard let next = peek() else { throw error("expected ',' or ']'") }
            offset += 1
            if next == UInt8(ascii: "]") { return list }
            guard next == UInt8(ascii: ",") else { offset -= 1; throw error("expected ',' or ']'") }
        }
    }

    /// Parses a string starting at its opening quote.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        if let end = plainStringEnd(from: start) {
            offset = end + 1
            return String(decodingJSON: UnsafeBufferPointer(rebasing: bytes[start..<end]), readable: bytes.count - start)
        }
        // Escapes, a control character or no closing quote: find which, where.
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                offset += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string; expected it escaped (\\n, \\t, \\u00XX)") }
            offset += 1
        }
        guard offset < bytes.count else { throw error("unterminated string; expected a closing '\"'") }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<offset]))
        try decodeEscapedTail(into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Continues a string from its first backslash to the closing quote.
    private mutating func decodeEscapedTail(into out: inout [UInt8]) throws(JSONSyntaxError) {
        while offset < bytes.count {
            let byte = bytes[offset]
            offset += 1
            switch byte {
            case UInt8(ascii: "\""):
                return
            case UInt8(ascii: "\\"):
                guard offset < bytes.count else { break }
                let escape = bytes[offset]
                offset += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"): appendUTF8(try parseUnicodeEscape(), to: &out)
                default:
                    offset -= 2
                    throw error("invalid escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
                }
            default:
                if byte < 0x20 {
                    offset -= 1
                    throw error("control character in a string; expected it escaped (\\n, \\t, \\u00XX)")
                }
                out.append(byte)
            }
        }
        throw error("unterminated string; expected a closing '\"'")
    }

    /// Reads the hex digits after `\u`, joining a UTF-16 surrogate pair into one scalar.
    private mutating func parseUnicodeEscape() throws(JSONSyntaxError) -> UInt32 {
        let first = try parseHex4()
        switch first {
        case 0xD800...0xDBFF:
            guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                  bytes[offset + 1] == UInt8(ascii: "u")
            else { throw error("unpaired high surrogate; expected a \\uDC00-\\uDFFF escape after it") }
            offset += 2
            let second = try parseHex4()
            guard (0xDC00...0xDFFF).contains(second) else {
                throw error("unpaired high surrogate; expected a \\uDC00-\\uDFFF escape after it")
            }
            return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        case 0xDC00...0xDFFF:
            throw error("unpaired low surrogate; expected a high surrogate \\uD800-\\uDBFF before it")
        default:
            return first
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("expected 4 hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected 4 hex digits after \\u")
            }
            value = value << 4 | digit
            offset += 1
        }
        return value
    }

    private func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
