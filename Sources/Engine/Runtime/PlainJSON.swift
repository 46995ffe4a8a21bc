import Foundation

/// Writes engine values as ordinary JSON (numbers, strings, lists, objects) for records that
/// people and other tools read: `featide run` output, logs. JSON has no NaN or infinities, so
/// a non-finite double is written as the string "NaN", "Infinity" or "-Infinity" (SPEC §4).
public enum PlainJSON {
    public static func text(_ value: CELValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// Compact JSON with object keys sorted: one text per value, whatever the map's order
    /// (the key of a non-string value in histograms, `group_by` and `distinct_count`).
    public static func canonicalText(_ value: CELValue) -> String {
        var out = ""
        write(value, to: &out, sortingKeys: true)
        return out
    }

    public static func write(_ value: CELValue, to out: inout String, sortingKeys: Bool = false) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .double(let d):
            if d.isNaN {
                out += "\"NaN\""
            } else if d.isInfinite {
                out += d > 0 ? "\"Infinity\"" : "\"-Infinity\""
            } else if d == d.rounded(), abs(d) < 1e15 {
                out += String(d)  // keeps ".0" so a reader sees a double
            } else {
                out += "\(d)"
            }
        case .string(let s): writeString(s, to: &out)
        case .bytes(let bytes): writeString(bytes.map { String(format: "%02x", $0) }.joined(), to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out, sortingKeys: sortingKeys)
            }
            out += "]"
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

    public static func writeObject<S: Sequence>(_ pairs: S, to out: inout String, sortingKeys: Bool = false)
    where S.Element == (String, CELValue) {
        out += "{"
        var first = true
        for (key, value) in pairs {
            if !first { out += "," }
            first = false
            writeString(key, to: &out)
            out += ":"
            write(value, to: &out, sortingKeys: sortingKeys)
        }
        out += "}"
    }

    static func keyText(_ key: CELMapKey) -> String {
        switch key {
        case .string(let s): s
        case .int(let i): String(i)
        case .uint(let u): String(u)
        case .bool(let b): b ? "true" : "false"
        }
    }

    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        // Most strings (types, pages, ids) need no escape: appended whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
