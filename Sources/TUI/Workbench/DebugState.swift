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

    struct Variable: Equatable {
        var scope: String
        var name: String
        var value: String
    }

    /// Line breakpoints by project-relative script path (1-based lines).
    var breakpoints: [String: Set<Int>] = [:]
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
    }

    /// The script line the engine is stopped at (the top script frame), for the editor's marker.
    var currentLine: (path: String, line: Int)? {
        guard stoppedThread != nil, let frame = frames.first(where: { $0.path != nil }) else { return nil }
        return (frame.path!, frame.line)
    }
}
