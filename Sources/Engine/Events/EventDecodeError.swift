/// Why one JSON line is not an event: the line, the field when one is at fault, what was
/// wrong and what was expected. Rendered as `line 3: field "ts": expected an integer ...`.
public struct EventDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line number in the input.
    public var line: Int
    /// 1-based byte column, for JSON syntax errors.
    public var column: Int?
    /// The top-level field at fault, nil for errors of the line as a whole.
    public var field: String?
    public var message: String

    public init(line: Int, column: Int? = nil, field: String? = nil, message: String) {
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// A line that is not UTF-8, at its first bad byte (SPEC §2: rejected, never repaired).
    public static func invalidUTF8(line: Int, column: Int) -> EventDecodeError {
        EventDecodeError(line: line, column: column, message: "invalid UTF-8; expected UTF-8 text")
    }

    public var description: String {
        var text = "line \(line)"
        if let column { text += ":\(column)" }
        if let field { text += ": field \"\(field)\"" }
        return text + ": " + message
    }
}
