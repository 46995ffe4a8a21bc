/// Where a script's log record comes from, as the engine writes its `source`:
/// `script:FILE:LINE` (the script's own log line) or `debug:FILE:LINE` (a logpoint). The IDE
/// opens the line; the debug adapter places a logpoint's output there.
public struct ScriptLogSource: Equatable, Sendable {
    public enum Kind: String, Sendable { case script, debug }

    public var kind: Kind
    public var path: String
    public var line: Int

    /// nil for any other source (`pipeline`, `engine`, …). A path may itself hold colons.
    public init?(_ source: String) {
        let parts = source.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let kind = Kind(rawValue: String(parts[0])), let line = Int(parts[parts.count - 1]) else { return nil }
        let path = parts.dropFirst().dropLast().joined(separator: ":")
        guard !path.isEmpty else { return nil }
        self.kind = kind
        self.path = path
        self.line = line
    }
}
