import EngineProtocol
import Foundation

/// A JSON Schema validator for the keywords the DAP schema uses: `$ref` (to `#/definitions/`),
/// `allOf`, `oneOf`, `type`, `properties`, `required`, `enum`, `items`,
/// `additionalProperties`, `minimum`, `maximum`. Descriptive keywords (`description`,
/// `format`, `_enum`, `title`) constrain nothing and are skipped.
struct JSONSchemaValidator {
    let root: JSONValue

    init(contentsOf path: String) throws {
        root = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Whether `definition` exists.
    func has(_ definition: String) -> Bool { self.definition(definition) != nil }

    /// What is wrong with `value` as a `definition` (empty: valid).
    func errors(in value: JSONValue, as definition: String) -> [String] {
        guard let schema = self.definition(definition) else { return ["no definition \(definition) in the schema"] }
        var errors: [String] = []
        check(value, schema, at: definition, into: &errors)
        return errors
    }

    private func definition(_ name: String) -> JSONValue? {
        root["definitions"]?[name]
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, at path: String, into errors: inout [String]) {
        if case .string(let ref)? = schema["$ref"] {
            let prefix = "#/definitions/"
            guard ref.hasPrefix(prefix), let target = definition(String(ref.dropFirst(prefix.count))) else {
                return errors.append("\(path): unresolvable $ref \(ref)")
            }
            check(value, target, at: path, into: &errors)
        }
        if case .array(let all)? = schema["allOf"] {
            for part in all { check(value, part, at: path, into: &errors) }
        }
        if case .array(let options)? = schema["oneOf"] {
            let passing = options.filter { option in
                var scratch: [String] = []
                check(value, option, at: path, into: &scratch)
                return scratch.isEmpty
            }.count
            if passing != 1 { errors.append("\(path): matches \(passing) of oneOf's \(options.count) schemas, not exactly one") }
        }
        if let type = schema["type"] {
            let allowed: [String] = switch type {
            case .string(let one): [one]
            case .array(let many): many.compactMap { if case .string(let s) = $0 { s } else { nil } }
            default: []
            }
            if !allowed.contains(where: { Self.isOfType(value, $0) }) {
                errors.append("\(path): \(Self.describe(value)) is not of type \(allowed.joined(separator: "|"))")
                return
            }
        }
        if case .array(let choices)? = schema["enum"], !choices.contains(value) {
            errors.append("\(path): \(Self.describe(value)) is not one of \(choices.map(Self.describe).joined(separator: ", "))")
        }
        if let number = value.numberValue {
            if let minimum = schema["minimum"]?.numberValue, number < minimum { errors.append("\(path): \(number) < minimum \(minimum)") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { errors.append("\(path): \(number) > maximum \(maximum)") }
        }
        if case .object(let fields) = value {
            let properties: [(String, JSONValue)] = if case .object(let p)? = schema["properties"] { p } else { [] }
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where !fields.contains(where: { $0.0 == name }) {
                    errors.append("\(path): missing required '\(name)'")
                }
            }
            for (name, field) in fields {
                if let property = properties.first(where: { $0.0 == name })?.1 {
                    check(field, property, at: "\(path).\(name)", into: &errors)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional { errors.append("\(path): '\(name)' is not allowed here") }
                    else if case .object = additional { check(field, additional, at: "\(path).\(name)", into: &errors) }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { check(item, itemSchema, at: "\(path)[\(i)]", into: &errors) }
        }
    }

    static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object): true
        case ("integer", .integer): true
        case ("integer", .number(let d)): d.rounded() == d
        case ("number", .integer), ("number", .number): true
        default: false
        }
    }

    static func describe(_ value: JSONValue) -> String {
        guard let data = try? JSONEncoder().encode(value) else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    var numberValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}
