import Foundation

/// Writes engine values as ordinary JSON (numbers, strings, lists, objects) for records that
/// people and other tools read: `featide run` output, logs. JSON has no NaN or infinities, so
/// a non-finite double is written as the string "NaN", "Infinity" or "-Infinity" (SPEC §4).
public enum PlainJSON {
    public static func text(_ value: CELValue) -> String {
        bytesAsText { write(value, to: &$0) }
    }

    /// Compact JSON with object keys sorted: one text per value, whatever the map's order
    /// (the key of a non-string value in histograms, `group_by` and `distinct_count`).
    public static func canonicalText(_ value: CELValue) -> String {
        bytesAsText { write(value, to: &$0, sortingKeys: true) }
    }

    // Written as bytes: records are made by the thousand per second in `featide run`, and
    // appending to a String cost several hundred instructions per piece.

    public static func write(_ value: CELValue, to out: inout [UInt8], sortingKeys: Bool = false) {
        switch value {
        case .null: append("null", to: &out)
        case .bool(let b): append(b ? "true" : "false", to: &out)
        case .int(let i): writeInteger(i, to: &out)
        case .uint(let u): writeInteger(u, to: &out)
        case .double(let d): writeDouble(d, to: &out)
        case .string(let s): writeString(s, to: &out)
        case .bytes(let bytes): writeString(bytes.map { String(format: "%02x", $0) }.joined(), to: &out)
        case .list(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, to: &out, sortingKeys: sortingKeys)
            }
            out.append(UInt8(ascii: "]"))
        case .map(let map) where sortingKeys:
            let pairs = zip(map.keys.map(keyText), map.values).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            writeObject(pairs, to: &out, sortingKeys: true)
        case .map(let map): writeObject(zip(map.keys.map(keyText), map.values), to: &out)
        case .record(let record) where sortingKeys:
            let pairs = zip(record.type.fields.map(\.name), record.fields).sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            writeObject(pairs, to: &out, sortingKeys: true)
        case .record(let record): writeObject(zip(record.type.fields.map(\.name), record.fields), to: &out)
        case .type(let t): writeString(t.description, to: &out)
        case .error(let e): writeObject([("error", CELValue.string(e.message))], to: &out)
        }
    }

    public static func writeObject<S: Sequence>(_ pairs: S, to out: inout [UInt8], sortingKeys: Bool = false)
    where S.Element == (String, CELValue) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in pairs {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            writeString(key, to: &out)
            out.append(UInt8(ascii: ":"))
            write(value, to: &out, sortingKeys: sortingKeys)
        }
        out.append(UInt8(ascii: "}"))
    }

    static func keyText(_ key: CELMapKey) -> String {
        switch key {
        case .string(let s): s
        case .int(let i): String(i)
        case .uint(let u): String(u)
        case .bool(let b): b ? "true" : "false"
        }
    }

    public static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Most strings (types, pages, ids) need no escape: appended whole.
            guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                out.append(contentsOf: bytes)
                return
            }
            // Byte by byte: only ASCII bytes are escaped, and no byte of a longer UTF-8
            // sequence is ASCII.
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\""): append("\\\"", to: &out)
                case UInt8(ascii: "\\"): append("\\\\", to: &out)
                case UInt8(ascii: "\n"): append("\\n", to: &out)
                case UInt8(ascii: "\r"): append("\\r", to: &out)
                case UInt8(ascii: "\t"): append("\\t", to: &out)
                case ..<0x20:
                    append("\\u00", to: &out)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    @inline(__always)
    public static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    // The same API on Strings, for callers that build a line around a value.

    public static func write(_ value: CELValue, to out: inout String, sortingKeys: Bool = false) {
        out += bytesAsText { write(value, to: &$0, sortingKeys: sortingKeys) }
    }

    public static func writeObject<S: Sequence>(_ pairs: S, to out: inout String, sortingKeys: Bool = false)
    where S.Element == (String, CELValue) {
        out += bytesAsText { writeObject(pairs, to: &$0, sortingKeys: sortingKeys) }
    }

    public static func writeString(_ s: String, to out: inout String) {
        out += bytesAsText { writeString(s, to: &$0) }
    }

    /// The text `write` puts into a byte buffer.
    private static func bytesAsText(_ write: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        write(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
