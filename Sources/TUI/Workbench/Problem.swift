/// How bad a problem is; errors sort first.
public enum ProblemSeverity: String, Sendable, Comparable {
    case error, warning

    public static func < (a: ProblemSeverity, b: ProblemSeverity) -> Bool { a == .error && b == .warning }
}

/// One diagnostic as the workbench shows it: a project-relative file, 1-based line and column.
/// The CLI maps the loader's diagnostics onto this, so the TUI needs no engine types.
public struct Problem: Hashable, Sendable {
    public var severity: ProblemSeverity
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(severity: ProblemSeverity, file: String, line: Int, column: Int, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var location: String { "\(file):\(line):\(column)" }
}

/// Checks a project the way `featide check` does. `overlays` maps project-relative paths to
/// unsaved buffer text that must be checked instead of the file on disk. Runs off the UI thread.
public typealias ProjectChecker = @Sendable (_ root: String, _ overlays: [String: String]) -> [Problem]
