import Foundation

// Values as state snapshots keep them (SnapshotCoding). Strings, booleans and null are plain
// JSON (the common case stays small); every other kind is a list led by a one-letter tag.
// Record values are not kept: they only exist while a pattern condition is evaluated.

extension CELValue: Codable {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let b):
            var single = encoder.singleValueContainer()
            try single.encode(b)
        case .string(let s):
            var single = encoder.singleValueContainer()
            try single.encode(s)
        case .int(let n): try Self.tagged("i", encoder) { try $0.encode(n) }
        case .uint(let n): try Self.tagged("u", encoder) { try $0.encode(n) }
        case .double(let d): try Self.tagged("d", encoder) { try $0.encode(d) }
        case .bytes(let b): try Self.tagged("b", encoder) { try $0.encode(Data(b)) }
        case .list(let items): try Self.tagged("l", encoder) { for item in items { try $0.encode(item) } }
        case .map(let map):
            try Self.tagged("m", encoder) {
                for (key, value) in zip(map.keys, map.values) {
                    try $0.encode(key)
                    try $0.encode(value)
                }
            }
        case .type(let type): try Self.tagged("t", encoder) { try $0.encode(type) }
        case .error(let error): try Self.tagged("e", encoder) { try $0.encode(error.message) }
        case .record(let record):
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath,
                                                         debugDescription: "a \(record.type.name) record value is not kept in a snapshot"))
        }
    }

    private static func tagged(_ tag: String, _ encoder: any Encoder, _ body: (inout UnkeyedEncodingContainer) throws -> Void) throws {
        var list = encoder.unkeyedContainer()
        try list.encode(tag)
        try body(&list)
    }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer() {
            if single.decodeNil() { self = .null; return }
            if let b = try? single.decode(Bool.self) { self = .bool(b); return }
            if let s = try? single.decode(String.self) { self = .string(s); return }
        }
        var list = try decoder.unkeyedContainer()
        let tag = try list.decode(String.self)
        switch tag {
        case "i": self = .int(try list.decode(Int64.self))
        case "u": self = .uint(try list.decode(UInt64.self))
        case "d": self = .double(try list.decode(Double.self))
        case "b": self = .bytes(Array(try list.decode(Data.self)))
        case "l":
            var items: [CELValue] = []
            while !list.isAtEnd { items.append(try list.decode(CELValue.self)) }
            self = .list(items)
        case "m":
            var keys: [CELMapKey] = [], values: [CELValue] = []
            while !list.isAtEnd {
                keys.append(try list.decode(CELMapKey.self))
                values.append(try list.decode(CELValue.self))
            }
            guard Set(keys).count == keys.count else {
                throw DecodingError.dataCorruptedError(in: list, debugDescription: "a map with a repeated key")
            }
            self = .map(CELMap(uniqueKeys: keys, values: values))
        case "t": self = .type(try list.decode(CELType.self))
        case "e": self = .error(CELError(try list.decode(String.self)))
        default: throw DecodingError.dataCorruptedError(in: list, debugDescription: "unknown value tag '\(tag)'")
        }
    }
}

extension CELMapKey: Codable {
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }

    public init(from decoder: any Decoder) throws {
        guard let key = CELMapKey(try CELValue(from: decoder)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a map key"))
        }
        self = key
    }
}

extension CELMap: Codable {
    public func encode(to encoder: any Encoder) throws { try CELValue.map(self).encode(to: encoder) }

    public init(from decoder: any Decoder) throws {
        guard case .map(let map) = try CELValue(from: decoder) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a map"))
        }
        self = map
    }
}

extension CELType: Codable {
    public func encode(to encoder: any Encoder) throws {
        var list = encoder.unkeyedContainer()
        switch self {
        case .list(let element):
            try list.encode("list")
            try list.encode(element)
        case .map(let key, let value):
            try list.encode("map")
            try list.encode(key)
            try list.encode(value)
        case .type(let type):
            try list.encode("type")
            try list.encode(type)
        case .record(let record):
            throw EncodingError.invalidValue(record.name, .init(codingPath: encoder.codingPath,
                                                                debugDescription: "record types are not kept in a snapshot"))
        default:
            try list.encode(description)
        }
    }

    public init(from decoder: any Decoder) throws {
        var list = try decoder.unkeyedContainer()
        let name = try list.decode(String.self)
        switch name {
        case "list": self = .list(try list.decode(CELType.self))
        case "map": self = .map(key: try list.decode(CELType.self), value: try list.decode(CELType.self))
        case "type": self = .type(try list.decode(CELType.self))
        case "dyn": self = .dyn
        case "null_type": self = .null
        case "bool": self = .bool
        case "int": self = .int
        case "uint": self = .uint
        case "double": self = .double
        case "string": self = .string
        case "bytes": self = .bytes
        default: throw DecodingError.dataCorruptedError(in: list, debugDescription: "unknown type '\(name)'")
        }
    }
}

extension Event: Codable {
    private enum CodingKeys: String, CodingKey { case ts, type, session, app, scene, page, params }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(ts: try c.decode(Int64.self, forKey: .ts), type: try c.decode(String.self, forKey: .type),
                  session: try c.decodeIfPresent(String.self, forKey: .session), app: try c.decodeIfPresent(String.self, forKey: .app),
                  scene: try c.decodeIfPresent(String.self, forKey: .scene), page: try c.decodeIfPresent(String.self, forKey: .page),
                  params: try c.decode(CELMap.self, forKey: .params))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ts, forKey: .ts)
        try c.encode(type, forKey: .type)
        try c.encodeIfPresent(session, forKey: .session)
        try c.encodeIfPresent(app, forKey: .app)
        try c.encodeIfPresent(scene, forKey: .scene)
        try c.encodeIfPresent(page, forKey: .page)
        try c.encode(params, forKey: .params)
    }
}
