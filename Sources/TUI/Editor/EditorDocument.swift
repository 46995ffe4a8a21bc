import Foundation

/// One open file: its text, cursor, selection and undo history. Knows nothing of the screen;
/// `EditorView` draws it and turns vertical moves into positions.
public final class EditorDocument {
    /// Project-relative path, as diagnostics name it.
    public let path: String
    public let fileType: FileType
    public private(set) var table: PieceTable
    public var cursor = TextPosition.start
    /// Where the selection started; the selection runs from here to the cursor.
    public var anchor: TextPosition?
    /// Bumped on every change, so views and the swap writer can tell something happened.
    public private(set) var version = 0
    var history = UndoHistory()
    private var savedStateID = 0
    private var lineCache: (index: Int, characters: [Character])?

    public init(path: String, text: String) {
        self.path = path
        fileType = FileType(path: path)
        table = PieceTable(text)
    }

    public var text: String { table.text }
    public var lineCount: Int { table.lineCount }
    public var isModified: Bool { history.currentStateID != savedStateID }

    public func line(_ index: Int) -> String { table.line(index) }

    public func characters(ofLine index: Int) -> [Character] {
        if let cache = lineCache, cache.index == index { return cache.characters }
        let characters = Array(table.line(index))
        lineCache = (index, characters)
        return characters
    }

    public func lineLength(_ index: Int) -> Int { characters(ofLine: index).count }

    /// Marks the current text as what is on disk.
    public func markSaved() {
        history.closeGroup()
        savedStateID = history.currentStateID
    }

    /// Replaces the whole text (reload from disk, recovery), keeping the cursor in range.
    public func replaceAll(with text: String, markingSaved: Bool) {
        let before = cursor
        let change = TextChange(offset: 0, removed: table.text, inserted: text)
        apply(change)
        history.record(change, kind: .other, before: before, after: clamp(before))
        cursor = clamp(before)
        anchor = nil
        if markingSaved { markSaved() }
    }

    // MARK: Positions

    public func clamp(_ position: TextPosition) -> TextPosition {
        let line = min(max(0, position.line), lineCount - 1)
        return TextPosition(line: line, column: min(max(0, position.column), lineLength(line)))
    }

    public func offset(of position: TextPosition) -> Int {
        let position = clamp(position)
        let prefix = characters(ofLine: position.line).prefix(position.column)
        return table.offset(ofLine: position.line) + prefix.reduce(0) { $0 + $1.utf8.count }
    }

    public func position(ofOffset offset: Int) -> TextPosition {
        let line = table.line(containing: offset)
        let lineStart = table.offset(ofLine: line)
        var remaining = offset - lineStart
        var column = 0
        for character in characters(ofLine: line) {
            if remaining <= 0 { break }
            remaining -= character.utf8.count
            column += 1
        }
        return TextPosition(line: line, column: column)
    }

    public var selection: Range<TextPosition>? {
        guard let anchor, anchor != cursor else { return nil }
        return min(anchor, cursor)..<max(anchor, cursor)
    }

    public func text(in range: Range<TextPosition>) -> String {
        String(decoding: table.bytes(in: offset(of: range.lowerBound)..<offset(of: range.upperBound)), as: UTF8.self)
    }

    public var selectedText: String? { selection.map { text(in: $0) } }

    // MARK: Editing

    /// Inserts text at the cursor, replacing the selection.
    public func insert(_ text: String, asTyping: Bool = false) {
        let range = selection ?? cursor..<cursor
        replace(range, with: text, kind: asTyping && selection == nil ? .typing : .other)
    }

    public func replace(_ range: Range<TextPosition>, with text: String) {
        replace(range, with: text, kind: .other)
    }

    func replace(_ range: Range<TextPosition>, with text: String, kind: UndoHistory.Kind) {
        let before = cursor
        let start = offset(of: range.lowerBound)
        let change = TextChange(offset: start, removed: self.text(in: range), inserted: text)
        apply(change)
        cursor = position(ofOffset: start + text.utf8.count)
        anchor = nil
        history.record(change, kind: kind, before: before, after: cursor)
    }

    public func deleteBackward() {
        if let selection { return replace(selection, with: "") }
        guard cursor != .start else { return }
        let previous = cursor.column > 0
            ? TextPosition(line: cursor.line, column: cursor.column - 1)
            : TextPosition(line: cursor.line - 1, column: lineLength(cursor.line - 1))
        replace(previous..<cursor, with: "", kind: .deleting)
    }

    public func deleteForward() {
        if let selection { return replace(selection, with: "") }
        let end = TextPosition(line: lineCount - 1, column: lineLength(lineCount - 1))
        guard cursor < end else { return }
        let next = cursor.column < lineLength(cursor.line)
            ? TextPosition(line: cursor.line, column: cursor.column + 1)
            : TextPosition(line: cursor.line + 1, column: 0)
        replace(cursor..<next, with: "", kind: .deleting)
    }

    /// Enter: a new line indented like this one, one level more after a block opener
    /// (`key:` in YAML, `def f():` in Python, `{` in JSON).
    public func insertNewline() {
        let characters = characters(ofLine: cursor.line)
        let indent = characters.prefix { $0 == " " }.count
        let before = characters.prefix(cursor.column).reversed().drop { $0 == " " }.first
        let opensBlock = before.map { fileType.blockOpeners.contains($0) } ?? false
        let newIndent = min(indent, cursor.column) + (opensBlock ? fileType.indentWidth : 0)
        history.closeGroup()
        insert("\n" + String(repeating: " ", count: newIndent))
        history.closeGroup()
    }

    /// Tab: spaces up to the next indent stop of this file type.
    public func insertIndent() {
        let width = fileType.indentWidth
        insert(String(repeating: " ", count: width - (cursor.column % width)), asTyping: true)
    }

    // MARK: Undo

    public func undo() {
        guard let step = history.takeUndo() else { return }
        for change in step.changes.reversed() {
            apply(TextChange(offset: change.offset, removed: change.inserted, inserted: change.removed))
        }
        cursor = clamp(step.cursorBefore)
        anchor = nil
    }

    public func redo() {
        guard let step = history.takeRedo() else { return }
        for change in step.changes { apply(change) }
        cursor = clamp(step.cursorAfter)
        anchor = nil
    }

    private func apply(_ change: TextChange) {
        table.delete(change.offset..<(change.offset + change.removed.utf8.count))
        table.insert(change.inserted, at: change.offset)
        lineCache = nil
        version += 1
    }

    // MARK: Moving

    /// Starts or drops the selection before a move: shifted moves extend it.
    public func prepareMove(selecting: Bool) {
        history.closeGroup()
        if selecting {
            if anchor == nil { anchor = cursor }
        } else {
            anchor = nil
        }
    }

    public func moveLeft() {
        if cursor.column > 0 {
            cursor.column -= 1
        } else if cursor.line > 0 {
            cursor = TextPosition(line: cursor.line - 1, column: lineLength(cursor.line - 1))
        }
    }

    public func moveRight() {
        if cursor.column < lineLength(cursor.line) {
            cursor.column += 1
        } else if cursor.line + 1 < lineCount {
            cursor = TextPosition(line: cursor.line + 1, column: 0)
        }
    }

    public func moveWordLeft() {
        if cursor.column == 0 { return moveLeft() }
        let characters = characters(ofLine: cursor.line)
        while cursor.column > 0, !SyntaxHighlighter.isWordCharacter(characters[cursor.column - 1]) { cursor.column -= 1 }
        while cursor.column > 0, SyntaxHighlighter.isWordCharacter(characters[cursor.column - 1]) { cursor.column -= 1 }
    }

    public func moveWordRight() {
        let characters = characters(ofLine: cursor.line)
        if cursor.column >= characters.count { return moveRight() }
        while cursor.column < characters.count, !SyntaxHighlighter.isWordCharacter(characters[cursor.column]) { cursor.column += 1 }
        while cursor.column < characters.count, SyntaxHighlighter.isWordCharacter(characters[cursor.column]) { cursor.column += 1 }
    }

    /// Home goes to the first non-blank character, then to column 0.
    public func moveHome() {
        let indent = characters(ofLine: cursor.line).prefix { $0 == " " }.count
        cursor.column = cursor.column == indent ? 0 : indent
    }

    public func moveEnd() { cursor.column = lineLength(cursor.line) }

    public func moveToStart() { cursor = .start }

    public func moveToEnd() { cursor = TextPosition(line: lineCount - 1, column: lineLength(lineCount - 1)) }

    public func selectAll() {
        anchor = .start
        moveToEnd()
    }
}
