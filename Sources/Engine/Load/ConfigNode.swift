import Yams

/// A YAML/JSON node of a project file with typed reads that report what was expected,
/// at the node's own file:line:column, instead of throwing at the first problem.
struct ConfigNode {
    let node: Node
    let file: String
    let context: LoadContext

    var location: SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// The resolved YAML tag (`int`, `float`, `str`, ...) of a scalar.
    var tagName: Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    func error(_ message: String) { context.error(at: location, message) }
    func warning(_ message: String) { context.warning(at: location, message) }

    var isNull: Bool {
        if case .scalar(let s) = node { return tagName == .null && s.style == .plain }
        return false
    }

    /// A short name for the node's shape, used in "expected X, found Y" messages.
    var shapeName: String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar:
            switch tagName {
            case .int: "the number \(node.scalar?.string ?? "")"
            case .float: "the number \(node.scalar?.string ?? "")"
            case .bool: "the boolean \(node.scalar?.string ?? "")"
            case .null: "null"
            default: "the string '\(node.scalar?.string ?? "")'"
            }
        }
    }

    private func expected(_ what: String, _ field: String) {
        error("\(field): expected \(what), found \(shapeName)")
    }

    /// Any non-null scalar's text (so `version: 1.0` reads as "1.0").
    func string(_ field: String) -> String? {
        guard case .scalar(let s) = node, !isNull else { expected("a string", field); return nil }
        return s.string
    }

    func int(_ field: String, min: Int? = nil) -> Int? {
        guard case .scalar = node, tagName == .int, let value = node.int else {
            expected("an integer", field); return nil
        }
        if let min, value < min { error("\(field): expected an integer of at least \(min), found \(value)"); return nil }
        return value
    }

    func double(_ field: String) -> Double? {
        guard case .scalar = node, tagName == .int || tagName == .float, let value = node.float else {
            expected("a number", field); return nil
        }
        return value
    }

    func bool(_ field: String) -> Bool? {
        guard case .scalar = node, tagName == .bool, let value = node.bool else {
            expected("true or false", field); return nil
        }
        return value
    }

    func duration(_ field: String) -> TimeSpan? {
        guard let text = string(field) else { return nil }
        guard let span = TimeSpan(parsing: text) else {
            error("\(field): '\(text)' is not a duration; expected \(TimeSpan.expectedForm)")
            return nil
        }
        return span
    }

    /// A definition name: `[a-z][a-z0-9_]*`.
    func name(_ field: String) -> String? {
        guard let text = string(field) else { return nil }
        guard Self.isValidName(text) else {
            error("\(field): '\(text)' is not a valid name; expected lower-case letters, digits and '_', starting with a letter")
            return nil
        }
        return text
    }

    static func isValidName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    func nameReference(_ field: String) -> NameReference? {
        string(field).map { NameReference(name: $0, location: location) }
    }

    /// A string or a list of strings (`on: click` or `on: [click, tap]`).
    func stringList(_ field: String) -> [String]? {
        if case .sequence = node {
            let items = elements(field) ?? []
            let strings = items.compactMap { $0.string(field) }
            return strings.count == items.count ? strings : nil
        }
        return string(field).map { [$0] }
    }

    func elements(_ field: String) -> [ConfigNode]? {
        guard case .sequence(let seq) = node else { expected("a list", field); return nil }
        return seq.map { ConfigNode(node: $0, file: file, context: context) }
    }

    func mapping(_ field: String) -> MappingReader? {
        MappingReader(self, field: field)
    }

    /// A CEL expression, located at its first character (after an opening quote,
    /// or on the first content line of a block scalar).
    func expression(_ field: String) -> SourceExpression? {
        guard let text = string(field) else { return nil }
        var start = location
        switch node.scalar?.style {
        case .singleQuoted?, .doubleQuoted?:
            start = start.advanced(byColumns: 1)
        case .literal?, .folded?:
            start = SourceLocation(file: file, line: start.line + 1, column: start.column)
        default:
            break
        }
        return SourceExpression(text: text, location: start)
    }

    /// Converts plain data (params, fallbacks, inputs, expected values) to a CEL value.
    func value(_ field: String) -> CELValue? {
        switch node {
        case .scalar(let s):
            switch tagName {
            case .null where s.style == .plain: return .null
            case .bool: return node.bool.map(CELValue.bool) ?? .string(s.string)
            case .int: return node.int.map { .int(Int64($0)) } ?? .string(s.string)
            case .float: return node.float.map(CELValue.double) ?? .string(s.string)
            default: return .string(s.string)
            }
        case .sequence:
            var list: [CELValue] = []
            for item in elements(field) ?? [] {
                guard let v = item.value(field) else { return nil }
                list.append(v)
            }
            return .list(list)
        case .mapping:
            return map(field).map(CELValue.map)
        case .alias:
            error("\(field): YAML aliases are not supported; write the value out")
            return nil
        }
    }

    /// A mapping with string keys, as an ordered CEL map.
    func map(_ field: String) -> CELMap? {
        guard let reader = mapping(field) else { return nil }
        var result = CELMap()
        for entry in reader.entries {
            guard let v = entry.value.value("\(field).\(entry.key)") else { return nil }
            result[.string(entry.key)] = v
        }
        return result
    }
}
