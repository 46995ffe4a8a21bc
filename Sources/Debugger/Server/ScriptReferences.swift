/// A stopped script's frame ids and variable references are the script backend's own; the
/// client sees them shifted by `ScriptReferences.base`, so they never meet the event-level
/// ones (which count from 1) of the same stop.
enum ScriptReferences {
    static let base = 1 << 24

    /// The backend's id for a shifted one; nil for an event-level id.
    static func local(_ id: Int) -> Int? { id > base ? id - base : nil }

    static func shift(_ reference: Int) -> Int { reference == 0 ? 0 : reference + base }

    static func shifted(_ frame: StackFrame) -> StackFrame {
        var frame = frame
        frame.id = shift(frame.id)
        return frame
    }

    static func shifted(_ scope: Scope) -> Scope {
        var scope = scope
        scope.variablesReference = shift(scope.variablesReference)
        return scope
    }

    static func shifted(_ variable: Variable) -> Variable {
        var variable = variable
        variable.variablesReference = shift(variable.variablesReference)
        return variable
    }
}
