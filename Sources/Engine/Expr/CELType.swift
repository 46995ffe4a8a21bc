/// Static types of the CEL subset, as the checker infers them.
public indirect enum CELType: Hashable, Sendable, CustomStringConvertible {
    /// Unknown until run time (`params.x`, JSON-like values).
    case dyn
    case null
    case bool
    case int
    case uint
    case double
    case string
    case bytes
    case list(CELType)
    case map(key: CELType, value: CELType)
    /// A type value such as `int` or the result of `type(x)`.
    case type(CELType)
    /// A fixed-shape value whose fields are known at load time (an event bound to a pattern step).
    case record(CELRecordType)

    public var description: String {
        switch self {
        case .dyn: "dyn"
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list(let e): "list(\(e))"
        case .map(let k, let v): "map(\(k), \(v))"
        case .type(let t): "type(\(t))"
        case .record(let r): r.name
        }
    }
}

/// The shape of a record: field names and types in a fixed order, so selection compiles to an index.
public final class CELRecordType: Hashable, Sendable {
    public let name: String
    public let fields: [(name: String, type: CELType)]
    private let indexByName: [String: Int]

    public init(name: String, fields: [(name: String, type: CELType)]) {
        self.name = name
        self.fields = fields
        var index: [String: Int] = [:]
        for (i, field) in fields.enumerated() { index[field.name] = i }
        self.indexByName = index
    }

    public func fieldIndex(_ name: String) -> Int? { indexByName[name] }

    public static func == (a: CELRecordType, b: CELRecordType) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
