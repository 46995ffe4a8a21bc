import Foundation

/// The conformance corpus' TYPED JSON: every value tagged with its CEL kind, e.g.
/// `{"int":"3"}` (int64 as a string), `{"double":1.5}`, `{"map":[[K,V],...]}`, `{"error":"..."}`.
public enum CELTypedJSON {
    public struct DecodeError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Bindings object `{"name": TYPED, ...}`, in the order the names appear sorted (stable).
    public static func decodeBindings(_ json: String) throws(DecodeError) -> [(name: String, value: CELValue)] {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { throw DecodeError(description: "bindings are not valid JSON") }
        guard let dict = object as? [String: Any] else {
            throw DecodeError(description: "bindings must be a JSON object of name: TYPED value")
        }
        var out: [(name: String, value: CELValue)] = []
        for name in dict.keys.sorted() { out.append((name, try decode(dict[name]!))) }
        return out
    }

    public static func decode(json: String) throws(DecodeError) -> CELValue {
        guard let data = json.data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        else { throw DecodeError(description: "value is not valid JSON") }
        return try decode(object)
    }

    /// One TYPED value from a parsed JSON object.
    public static func decode(_ json: Any) throws(DecodeError) -> CELValue {
        guard let dict = json as? [String: Any], dict.count == 1, let (tag, body) = dict.first else {
            throw DecodeError(description: "expected a TYPED value like {\"int\": \"1\"}, got \(json)")
        }
        func bad() -> DecodeError { DecodeError(description: "invalid \(tag) value: \(body)") }
        switch tag {
        case "null": return .null
        case "bool":
            guard let b = body as? Bool else { throw bad() }
            return .bool(b)
        case "int":
            guard let s = body as? String, let i = Int64(s) else { throw bad() }
            return .int(i)
        case "uint":
            guard let s = body as? String, let u = UInt64(s) else { throw bad() }
            return .uint(u)
        case "double":
            if let s = body as? String {
                switch s {
                case "NaN": return .double(.nan)
                case "Infinity": return .double(.infinity)
                case "-Infinity": return .double(-.infinity)
                default: guard let d = Double(s) else { throw bad() }; return .double(d)
                }
            }
            guard let n = body as? NSNumber else { throw bad() }
            return .double(n.doubleValue)
        case "string":
            guard let s = body as? String else { throw bad() }
            return .string(s)
        case "bytes":
            guard let s = body as? String, let d = Data(base64Encoded: s) else { throw bad() }
            return .bytes([UInt8](d))
        case "list":
            guard let items = body as? [Any] else { throw bad() }
            var out: [CELValue] = []
            for item in items { out.append(try decode(item)) }
            return .list(out)
        case "map":
            guard let pairs = body as? [Any] else { throw bad() }
            var map = CELMap()
            for pair in pairs {
                guard let kv = pair as? [Any], kv.count == 2 else { throw bad() }
                guard let key = try decode(kv[0]).mapKey else { throw DecodeError(description: "invalid map key \(kv[0])") }
                map[key] = try decode(kv[1])
            }
            return .map(map)
        case "type":
            guard let s = body as? String, let t = CELSignatures.typeDenotations[s] else { throw bad() }
            return .type(t)
        case "error":
            return .error(CELError(body as? String ?? ""))
        default:
            throw DecodeError(description: "unsupported TYPED kind '\(tag)'")
        }
    }

    /// One line of TYPED JSON.
    public static func encode(_ v: CELValue) -> String {
        var out = ""
        write(v, to: &out)
        return out
    }

    /// Short text of a value for messages (same as `encode`).
    static func text(_ v: CELValue) -> String { encode(v) }

    private static func write(_ v: CELValue, to out: inout String) {
        switch v {
        case .null: out += "{\"null\":null}"
        case .bool(let b): out += "{\"bool\":\(b)}"
        case .int(let i): out += "{\"int\":\"\(i)\"}"
        case .uint(let u): out += "{\"uint\":\"\(u)\"}"
        case .double(let d):
            if d.isNaN {
                out += "{\"double\":\"NaN\"}"
            } else if d.isInfinite {
                out += d > 0 ? "{\"double\":\"Infinity\"}" : "{\"double\":\"-Infinity\"}"
            } else {
                out += "{\"double\":\(d)}"
            }
        case .string(let s): out += "{\"string\":" + quote(s) + "}"
        case .bytes(let b): out += "{\"bytes\":\"" + Data(b).base64EncodedString() + "\"}"
        case .list(let items):
            out += "{\"list\":["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]}"
        case .map(let m):
            out += "{\"map\":["
            for (i, (k, value)) in zip(m.keys, m.values).enumerated() {
                if i > 0 { out += "," }
                out += "["
                write(k.value, to: &out)
                out += ","
                write(value, to: &out)
                out += "]"
            }
            out += "]}"
        case .type(let t): out += "{\"type\":" + quote(t.kindName) + "}"
        case .record(let r):
            // Records print as maps of their fields: that is how JSON consumers see them.
            let pairs = zip(r.type.fields, r.fields).map { (CELMapKey.string($0.name), $1) }
            write(.map(CELMap(pairs)), to: &out)
        case .error(let e): out += "{\"error\":" + quote(e.message) + "}"
        }
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count)
                        + String(u.value, radix: 16)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
