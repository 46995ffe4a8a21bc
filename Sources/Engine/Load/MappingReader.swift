import Yams

/// Reads the keys of one YAML mapping, reporting missing and unknown keys (with the nearest valid one).
struct MappingReader {
    struct Entry {
        let key: String
        let keyNode: ConfigNode
        let value: ConfigNode
    }

    let node: ConfigNode
    let entries: [Entry]

    init?(_ node: ConfigNode, field: String) {
        guard case .mapping(let mapping) = node.node else {
            node.error("\(field): expected a mapping, found \(node.shapeName)")
            return nil
        }
        self.node = node
        self.entries = mapping.map { pair in
            let keyNode = ConfigNode(node: pair.key, file: node.file, context: node.context)
            return Entry(key: pair.key.scalar?.string ?? "", keyNode: keyNode,
                         value: ConfigNode(node: pair.value, file: node.file, context: node.context))
        }
    }

    var keys: [String] { entries.map(\.key) }

    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    subscript(key: String) -> ConfigNode? { entries.first { $0.key == key }?.value }

    /// The value of a required key, or an error at the mapping saying which key was expected.
    func required(_ key: String, _ what: String, in owner: String) -> ConfigNode? {
        if let value = self[key] { return value }
        node.error("\(owner) is missing '\(key)': expected \(what)")
        return nil
    }

    /// Every key not in `allowed` is an error naming the nearest allowed key.
    func rejectUnknownKeys(_ allowed: [String], in owner: String) {
        for entry in entries where !allowed.contains(entry.key) {
            entry.keyNode.error(
                "unknown key '\(entry.key)' in \(owner)\(NearestName.hint(for: entry.key, among: allowed))")
        }
    }

    /// Errors for keys that may not appear together with `key`.
    func rejectKeys(_ forbidden: [String], because reason: String) {
        for entry in entries where forbidden.contains(entry.key) {
            entry.keyNode.error("'\(entry.key)' is not allowed \(reason)")
        }
    }
}
