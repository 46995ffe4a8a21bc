import ScriptWire

/// Engine values on the script worker's channel (`WireTag` encoding), written straight from
/// `CELValue` and read straight back: no JSON, no intermediate tree.
extension WireWriter {
    mutating func value(_ value: CELValue) {
        switch value {
        case .null: tag(.null)
        case .bool(let b): tag(b ? .trueValue : .falseValue)
        case .int(let n): tag(.int); i64(n)
        case .uint(let n): tag(.uint); u64(n)
        case .double(let d): tag(.double); f64(d)
        case .string(let s): tag(.string); string(s)
        case .bytes(let b): tag(.bytes); b.withUnsafeBytes { raw($0) }
        case .list(let items):
            tag(.list)
            u32(UInt32(items.count))
            for item in items { self.value(item) }
        case .map(let map):
            tag(.map)
            u32(UInt32(map.count))
            for (key, item) in zip(map.keys, map.values) {
                self.value(key.value)
                self.value(item)
            }
        case .record(let record):
            tag(.map)
            u32(UInt32(record.fields.count))
            for (field, item) in zip(record.type.fields, record.fields) {
                tag(.string)
                string(field.name)
                self.value(item)
            }
        case .type(let type): tag(.string); string(type.description)
        case .error(let error): tag(.string); string("error: \(error.message)")
        }
    }

    /// A declared input: its value, or — for an error value — why it has none.
    mutating func feature(_ value: CELValue, named name: String) {
        if case .error(let error) = value {
            tag(.unavailable)
            string("feature '\(name)' has no value: \(error.message)")
        } else {
            self.value(value)
        }
    }

    /// `{ts, type, session, app, scene, page, params}`.
    mutating func event(_ event: Event) {
        tag(.map)
        u32(UInt32(EventField.allCases.count))
        for field in EventField.allCases {
            tag(.string)
            string(field.rawValue)
            value(event.value(of: field))
        }
    }
}

extension WireReader {
    mutating func value(depth: Int = 0) throws(WireError) -> CELValue {
        guard depth < 100 else { throw WireError("value nested too deep") }
        switch try tag() {
        case .null: return .null
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .int: return .int(try i64())
        case .uint: return .uint(try u64())
        case .double: return .double(try f64())
        case .string: return .string(try string())
        case .bytes: return .bytes(Array(try rawField()))
        case .list:
            let count = Int(try u32())
            guard count <= bytes.count - offset else { throw WireError("list longer than its frame") }
            var items: [CELValue] = []
            items.reserveCapacity(count)
            for _ in 0..<count { items.append(try value(depth: depth + 1)) }
            return .list(items)
        case .map:
            let count = Int(try u32())
            guard count <= bytes.count - offset else { throw WireError("map longer than its frame") }
            var map = CELMap(reservingCapacity: count)
            for _ in 0..<count {
                let key: CELMapKey
                switch try value(depth: depth + 1) {
                case .string(let s): key = .string(s)
                case .int(let n): key = .int(n)
                case .uint(let n): key = .uint(n)
                case .bool(let b): key = .bool(b)
                default: throw WireError("map key is not a str, int or bool")
                }
                map[key] = try value(depth: depth + 1)
            }
            return .map(map)
        case .unavailable: throw WireError("unexpected feature tag in a result")
        }
    }
}
