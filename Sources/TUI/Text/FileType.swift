/// What kind of text a file holds: decides highlighting and what Tab inserts.
public enum FileType: String, Sendable {
    case yaml, json, python, plain

    public init(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".json") || lower.hasSuffix(".jsonl") {
            self = .json
        } else if lower.hasSuffix(".py") {
            self = .python
        } else {
            self = .plain
        }
    }

    /// Spaces per indent level; tabs are always expanded to spaces.
    public var indentWidth: Int {
        switch self {
        case .yaml, .json: return 2
        case .python, .plain: return 4
        }
    }

    /// A line ending with one of these opens a block, so the next line is indented one more.
    var blockOpeners: Set<Character> {
        switch self {
        case .yaml, .python: return [":"]
        case .json: return ["{", "["]
        case .plain: return []
        }
    }
}

extension FileType {
    /// What starts a line comment (Ctrl-/), if the format has one.
    public var lineComment: String? {
        switch self {
        case .yaml, .python: "# "
        case .json, .plain: nil
        }
    }
}
