/// A CEL expression as written in a config, with where it starts so that errors inside it
/// can be reported at their own file:line:column.
public struct SourceExpression: Hashable, Sendable, CustomStringConvertible {
    public var text: String
    /// Location of the expression's first character in its file.
    public var location: SourceLocation

    public init(text: String, location: SourceLocation) {
        self.text = text
        self.location = location
    }

    public var description: String { text }

    /// Maps a 1-based line/column inside the expression text to a file location.
    public func fileLocation(line: Int, column: Int) -> SourceLocation {
        if line <= 1 { return location.advanced(byColumns: column - 1) }
        return SourceLocation(file: location.file, line: location.line + line - 1, column: column)
    }
}
