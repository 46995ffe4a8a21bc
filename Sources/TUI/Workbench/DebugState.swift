import Foundation

/// What the IDE knows of its debug session (DAP): breakpoints it set, where the engine is
/// stopped, the stack and the top frame's variables as last answered.
struct DebugState {
    struct Frame: Equatable {
        var id: Int
        var name: String
        /// Project-relative, for a script frame.
        var path: String?
        var line: Int
    }

    /// One row of the variables tree: a structured value (reference > 0) expands into its
    /// children, fetched through DAP `variables`, shown below it one level deeper.
    struct Variable: Equatable {
        var scope: String
        var name: String
        var value: String
        var reference = 0
        var depth = 0
        var expanded = false
    }

    /// A line breakpoint's condition, hit count and log message (a logpoint logs, never stops).
    struct LineOptions: Equatable {
        var condition: String?
        var hitCondition: String?
        var logMessage: String?
    }

    /// Line breakpoints by project-relative script path (1-based lines).
    var breakpoints: [String: Set<Int>] = [:]
    /// Conditions, hit counts and log messages of some of them, by path and line.
    var lineOptions: [String: [Int: LineOptions]] = [:]
    /// From the panes: `event:TYPE` and `pattern:NAME` function breakpoints, and data
    /// breakpoints on features (`NAME`, or `NAME["key"]` for one key of a grouped one).
    var functionBreakpoints: [String] = []
    var dataBreakpoints: [String] = []
    /// The Debug pane's selection: a breakpoint while running, a variable while stopped.
    var breakpointSelection = 0
    var variableSelection = 0
    var stoppedThread: Int?
    var stopReason = ""
    var frames: [Frame] = []
    var variables: [Variable] = []
    /// What each request in flight was for, by `seq`.
    var pending: [Int: Pending] = [:]
    /// Expressions evaluated at every stop (w), and what each gave last; one-off evaluations (e).
    var watches: [String] = []
    var results: [(expression: String, value: String)] = []

    enum Pending {
        case attach, stackTrace, scopes, variables(scope: String), evaluate(String)
        /// The children of the variable whose reference this is.
        case children(of: Int)
        /// `setFunctionBreakpoints` or `setDataBreakpoints` from the panes.
        case paneBreakpoints
    }

    /// A breakpoint as the Debug pane lists it.
    enum Listed: Equatable {
        case line(path: String, line: Int)
        case function(String)
        case data(String)
    }

    /// Every breakpoint: lines by path, then the panes' function and data breakpoints.
    var listed: [Listed] {
        breakpoints.sorted { $0.key < $1.key }.flatMap { path, lines in lines.sorted().map { Listed.line(path: path, line: $0) } }
            + functionBreakpoints.map(Listed.function) + dataBreakpoints.map(Listed.data)
    }

    /// The script line the engine is stopped at (the top script frame), for the editor's marker.
    var currentLine: (path: String, line: Int)? {
        guard stoppedThread != nil, let frame = frames.first(where: { $0.path != nil }) else { return nil }
        return (frame.path!, frame.line)
    }
}

extension DebugState.LineOptions {
    /// What the breakpoint prompt shows and reads: `CONDITION`, `CONDITION hit >=2`, `hit 3`,
    /// or `log TEXT {expr}`.
    var text: String {
        if let logMessage { return "log " + logMessage }
        return [condition, hitCondition.map { "hit " + $0 }].compactMap { $0 }.joined(separator: " ")
    }

    /// Parses the prompt's text; nil options for an empty text (a plain breakpoint).
    init?(text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("log ") {
            logMessage = String(text.dropFirst(4)).trimmingCharacters(in: .whitespaces)
            return
        }
        var rest = Substring(text)
        if let range = text.range(of: #"(^|\s)hit\s+(>=|>|==|%)?\s*[0-9]+$"#, options: .regularExpression) {
            hitCondition = text[range].trimmingCharacters(in: .whitespaces).dropFirst(3).filter { !$0.isWhitespace }
            rest = text[..<range.lowerBound]
        }
        let condition = rest.trimmingCharacters(in: .whitespaces)
        self.condition = condition.isEmpty ? nil : condition
    }

    /// The gutter's mark: ◆ a logpoint, ◈ a condition or hit count.
    var mark: Character { logMessage != nil ? "◆" : "◈" }
}
