import Foundation

/// Line-wise edits editors have keys for: move lines (Alt-↑/↓), toggle comments (Ctrl-/),
/// select the word or its next occurrence (Ctrl-D), select by word (Ctrl-Shift-←/→).
extension EditorDocument {
    /// The lines the selection touches (a selection ending at column 0 leaves that line out),
    /// or the cursor's line.
    public var touchedLines: ClosedRange<Int> {
        guard let selection else { return cursor.line...cursor.line }
        let last = selection.upperBound.column == 0 && selection.upperBound.line > selection.lowerBound.line
            ? selection.upperBound.line - 1 : selection.upperBound.line
        return selection.lowerBound.line...last
    }

    /// Moves the touched lines one line up (-1) or down (+1), cursor and selection with them;
    /// one undo step.
    public func moveLines(by delta: Int) {
        let lines = touchedLines
        let other = delta < 0 ? lines.lowerBound - 1 : lines.upperBound + 1
        guard other >= 0, other < lineCount else { return }
        let block = lines.map { line($0) }
        let moved = delta < 0 ? block + [line(other)] : [line(other)] + block
        let first = min(lines.lowerBound, other), last = max(lines.upperBound, other)
        let (savedAnchor, savedCursor) = (anchor, cursor)
        replace(TextPosition(line: first, column: 0)..<TextPosition(line: last, column: lineLength(last)), with: moved.joined(separator: "\n"))
        anchor = savedAnchor.map { TextPosition(line: $0.line + delta, column: $0.column) }
        cursor = TextPosition(line: savedCursor.line + delta, column: savedCursor.column)
    }

    /// Comments the touched lines out with `prefix` at their common indentation, or, when
    /// every non-blank one is commented already, takes the comments away; one undo step.
    public func toggleComment(prefix: String) {
        let lines = touchedLines
        let texts = lines.map { line($0) }
        let nonBlank = texts.filter { !$0.allSatisfy { $0 == " " } }
        guard !nonBlank.isEmpty else { return }
        let trimmed = prefix.trimmingCharacters(in: .whitespaces)
        let commented = nonBlank.allSatisfy { $0.drop { $0 == " " }.hasPrefix(trimmed) }
        let indent = nonBlank.map { $0.prefix { $0 == " " }.count }.min() ?? 0
        let result = texts.map { text -> String in
            guard !text.allSatisfy({ $0 == " " }) else { return text }
            if commented {
                let spaces = text.prefix { $0 == " " }
                var rest = text.dropFirst(spaces.count).dropFirst(trimmed.count)
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                return String(spaces + rest)
            }
            return String(text.prefix(indent)) + prefix + text.dropFirst(indent)
        }
        let (savedAnchor, savedCursor) = (anchor, cursor)
        let last = lines.upperBound
        replace(TextPosition(line: lines.lowerBound, column: 0)..<TextPosition(line: last, column: lineLength(last)), with: result.joined(separator: "\n"))
        anchor = savedAnchor.map(clamp)
        cursor = clamp(savedCursor)
    }

    /// Ctrl-D: with no selection, selects the word at the cursor; with one, selects the next
    /// occurrence of the selected text (case-sensitive, wrapping). One selection, not several
    /// cursors.
    public func selectWordOrNextOccurrence() {
        guard let selection else { return selectWord(at: cursor) }
        let text = self.text(in: selection)
        guard !text.contains("\n"),
              let next = try? find(FindQuery(text: text, caseSensitive: true), from: selection.upperBound) else { return }
        anchor = next.match.lowerBound
        cursor = next.match.upperBound
    }

    /// Selects the word around `position` (a double click); nothing on a blank.
    public func selectWord(at position: TextPosition) {
        let characters = characters(ofLine: position.line)
        var start = min(position.column, characters.count), end = start
        while start > 0, SyntaxHighlighter.isWordCharacter(characters[start - 1]) { start -= 1 }
        while end < characters.count, SyntaxHighlighter.isWordCharacter(characters[end]) { end += 1 }
        guard start < end else { return }
        anchor = TextPosition(line: position.line, column: start)
        cursor = TextPosition(line: position.line, column: end)
    }
}
