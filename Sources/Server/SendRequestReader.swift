import EngineProtocol
import Foundation

/// Reads a `send` request of JSON Lines, as `featide send` writes it —
/// `{"jsonrpc":"2.0","id":7,"method":"send","params":{"lines":"…"}}`, keys in any order —
/// without Foundation's JSONDecoder, which unescaped the lines a character at a time and took
/// a quarter of the engine's CPU on ingest. Anything else or unusual (other keys, a key twice,
/// `\u` escapes beyond ASCII, invalid UTF-8, more after the object) gives nil and takes the
/// decoder's path, so every answer and error stays the decoder's.
enum SendRequestReader {
    static func read(_ body: Data) -> (id: RPCID, params: SendParams)? {
        body.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self))
            return reader.request()
        }
    }
}

private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    mutating func request() -> (id: RPCID, params: SendParams)? {
        var version: String?, id: RPCID?, method: String?, lines: String?
        let complete = members { reader, key in
            switch key {
            case "jsonrpc" where version == nil:
                version = reader.string()
                return version != nil
            case "id" where id == nil:
                id = reader.id()
                return id != nil
            case "method" where method == nil:
                method = reader.string()
                return method != nil
            case "params" where lines == nil:
                return reader.members { reader, key in
                    guard key == "lines", lines == nil else { return false }
                    lines = reader.string()
                    return lines != nil
                }
            default:
                return false
            }
        }
        skipWhitespace()
        guard complete, offset == bytes.count, version == "2.0", method == "send", let id, let lines else { return nil }
        return (id, SendParams(lines: lines))
    }

    /// An object whose every member `member` reads (false: give up), with the key read.
    mutating func members(_ member: (inout Reader, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            skipWhitespace()
            guard let key = string(), take(UInt8(ascii: ":")) else { return false }
            skipWhitespace()
            guard member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// A JSON-RPC id: a string, or an integer as `RPCID` reads one.
    mutating func id() -> RPCID? {
        if offset < bytes.count, bytes[offset] == Self.quote { return string().map(RPCID.string) }
        let start = offset
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "-") { offset += 1 }
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        let digits = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let number = Int64(digits), digits == String(number) else { return nil }
        return .number(number)
    }

    /// A string at the offset: runs without escapes are copied whole.
    mutating func string() -> String? {
        guard take(Self.quote) else { return nil }
        var unescaped: [UInt8] = []
        var escaped = false
        var run = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == Self.quote {
                let tail = UnsafeBufferPointer(rebasing: bytes[run..<offset])
                offset += 1
                guard escaped else { return String(validating: tail, as: UTF8.self) }
                unescaped.append(contentsOf: tail)
                return String(validating: unescaped, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            guard byte == Self.backslash else {
                offset += 1
                continue
            }
            if !escaped { unescaped.reserveCapacity(bytes.count - run) }
            escaped = true
            unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<offset]))
            guard offset + 1 < bytes.count, let byte = escape(bytes[offset + 1]) else { return nil }
            unescaped.append(byte)
            run = offset
        }
        return nil
    }

    /// The byte of the escape `\` + `letter` (the offset past it), or nil for one left to the decoder.
    private mutating func escape(_ letter: UInt8) -> UInt8? {
        offset += 2
        switch letter {
        case Self.quote, Self.backslash, UInt8(ascii: "/"): return letter
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "u"):
            // `\u00XX`: what encoders write for control characters; others go to the decoder.
            guard offset + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[offset..<offset + 4] {
                guard let digit = Character(UnicodeScalar(byte)).hexDigitValue else { return nil }
                value = value * 16 + UInt32(digit)
            }
            offset += 4
            return value < 0x80 ? UInt8(value) : nil
        default: return nil
        }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }
}
