/// One change to the text: at `offset`, `removed` was replaced by `inserted` (UTF-8 offsets).
struct TextChange: Sendable {
    var offset: Int
    var removed: String
    var inserted: String
}

/// A unit of undo: one or more changes and where the cursor was before and after.
struct UndoStep: Sendable {
    var id: Int
    var changes: [TextChange]
    var cursorBefore: TextPosition
    var cursorAfter: TextPosition
}

/// Undo and redo stacks. Typing merges into the open step until something else happens
/// (a move, a save, a non-typing edit), so Ctrl-Z takes back a whole typed run.
struct UndoHistory: Sendable {
    enum Kind: Sendable { case typing, deleting, other }

    private(set) var undoSteps: [UndoStep] = []
    private(set) var redoSteps: [UndoStep] = []
    private var openKind: Kind?
    private var nextID = 1

    /// Identifies the text's state: equal ids mean equal text (used for "modified").
    var currentStateID: Int { undoSteps.last?.id ?? 0 }

    mutating func record(_ change: TextChange, kind: Kind, before: TextPosition, after: TextPosition) {
        redoSteps.removeAll()
        if let openKind, openKind == kind, kind != .other, var last = undoSteps.popLast() {
            last.changes.append(change)
            last.cursorAfter = after
            undoSteps.append(last)
        } else {
            undoSteps.append(UndoStep(id: nextID, changes: [change], cursorBefore: before, cursorAfter: after))
            nextID += 1
        }
        openKind = kind == .other ? nil : kind
    }

    /// Ends the current typing run: the next keystroke starts a new undo step.
    mutating func closeGroup() { openKind = nil }

    mutating func takeUndo() -> UndoStep? {
        openKind = nil
        guard let step = undoSteps.popLast() else { return nil }
        redoSteps.append(step)
        return step
    }

    mutating func takeRedo() -> UndoStep? {
        openKind = nil
        guard let step = redoSteps.popLast() else { return nil }
        undoSteps.append(step)
        return step
    }
}
