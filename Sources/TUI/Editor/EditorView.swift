/// Draws an `EditorTab` into a rectangle — gutter with diagnostic marks and line numbers,
/// highlighted, soft-wrapped text, the selection — and answers the questions that need the
/// layout: where the cursor is on screen, what Up/Down/PgUp/PgDn reach, what a click hits.
public struct EditorView {
    public var tab: EditorTab
    public var rect: Rect
    public var theme: Theme
    /// Worst diagnostic per 0-based line, for the gutter.
    public var marks: [Int: ProblemSeverity]
    /// Debugging: 0-based lines with a breakpoint, and the line the engine is stopped at.
    public var breakpoints: Set<Int>
    /// Breakpoints drawn with another mark than ◉: ◈ conditional, ◆ logpoint.
    public var breakpointMarks: [Int: Character]
    public var stoppedLine: Int?

    public init(tab: EditorTab, rect: Rect, theme: Theme, marks: [Int: ProblemSeverity] = [:],
                breakpoints: Set<Int> = [], breakpointMarks: [Int: Character] = [:], stoppedLine: Int? = nil) {
        self.breakpointMarks = breakpointMarks
        self.tab = tab
        self.rect = rect
        self.theme = theme
        self.marks = marks
        self.breakpoints = breakpoints
        self.stoppedLine = stoppedLine
    }

    var document: EditorDocument { tab.document }
    var numberWidth: Int { max(3, String(document.lineCount).count) }
    var gutterWidth: Int { numberWidth + 3 }
    var textWidth: Int { max(2, rect.width - gutterWidth) }

    func layout(ofLine line: Int) -> LineLayout {
        LineLayout(document.characters(ofLine: line), width: textWidth, tabWidth: document.fileType.indentWidth)
    }

    // MARK: Drawing

    /// Draws the visible rows; returns the cursor's screen position when it is visible.
    @discardableResult
    public func draw(into buffer: inout CellBuffer, showCursor: Bool) -> Point? {
        buffer.fill(rect, style: theme.text)
        let selection = document.selection
        var cursorPoint: Point?
        var line = tab.scrollLine
        var y = rect.y
        while y < rect.maxY, line < document.lineCount {
            let characters = document.characters(ofLine: line)
            let layout = LineLayout(characters, width: textWidth, tabWidth: document.fileType.indentWidth)
            let kinds = SyntaxHighlighter.kinds(of: characters, as: document.fileType)
            let firstRow = line == tab.scrollLine ? min(tab.scrollRow, layout.rowCount - 1) : 0
            for row in firstRow..<layout.rowCount where y < rect.maxY {
                drawGutter(line: line, firstRow: row == 0, y: y, into: &buffer)
                let start = layout.rowStarts[row]
                let end = row + 1 < layout.rowCount ? layout.rowStarts[row + 1] : characters.count
                let textX = rect.x + gutterWidth
                for index in start..<end {
                    var style = self.style(of: kinds[index])
                    let position = TextPosition(line: line, column: index)
                    if let selection, selection.contains(position) { style = theme.selection }
                    let character = characters[index]
                    let shown: Character = character == "\t" ? " " : (DisplayWidth.of(character) == 0 ? "·" : character)
                    if character == "\t" {
                        for offset in 0..<layout.widths[index] {
                            buffer.put(" ", width: 1, x: textX + layout.columns[index] + offset, y: y, style: style)
                        }
                    } else {
                        buffer.put(shown, width: DisplayWidth.of(shown), x: textX + layout.columns[index], y: y, style: style)
                    }
                }
                // A selected line break shows as one selected cell after the text.
                if let selection, row == layout.rowCount - 1, line < selection.upperBound.line, line >= selection.lowerBound.line {
                    let x = textX + layout.endPoint.column
                    if x < rect.maxX { buffer.restyle(Rect(x: x, y: y, width: 1, height: 1)) { $0 = theme.selection } }
                }
                if showCursor, line == document.cursor.line {
                    let point = layout.point(ofCharacter: document.cursor.column)
                    if point.row == row { cursorPoint = Point(x: textX + point.column, y: y) }
                }
                y += 1
            }
            line += 1
        }
        return cursorPoint
    }

    private func drawGutter(line: Int, firstRow: Bool, y: Int, into buffer: inout CellBuffer) {
        guard firstRow else {
            // A row the line wrapped onto: marked, so it does not read as a line of its own.
            buffer.write("↪", x: rect.x + gutterWidth - 2, y: y, style: theme.lineNumber)
            return
        }
        if line == stoppedLine {
            buffer.write("▶", x: rect.x, y: y, style: theme.warningMark.adding(.bold))
        } else if breakpoints.contains(line) {
            buffer.write(String(breakpointMarks[line] ?? "◉"), x: rect.x, y: y, style: theme.errorMark)
        } else if let mark = marks[line] {
            buffer.write(mark == .error ? "●" : "▲", x: rect.x, y: y, style: mark == .error ? theme.errorMark : theme.warningMark)
        }
        let number = String(line + 1)
        let style = line == document.cursor.line ? theme.currentLineNumber : theme.lineNumber
        buffer.write(String(repeating: " ", count: numberWidth - number.count) + number, x: rect.x + 1, y: y, style: style)
    }

    private func style(of kind: TokenKind) -> Style {
        switch kind {
        case .plain: return theme.text
        case .keyword: return theme.keyword
        case .string: return theme.string
        case .number: return theme.number
        case .comment: return theme.comment
        case .key: return theme.key
        case .constant: return theme.constant
        case .punctuation: return theme.punctuation
        }
    }

    // MARK: Scrolling

    /// Scrolls the least needed to show the cursor.
    public func revealCursor() {
        let cursor = document.cursor
        let cursorRow = layout(ofLine: cursor.line).point(ofCharacter: cursor.column).row
        if (cursor.line, cursorRow) < (tab.scrollLine, tab.scrollRow) {
            tab.scrollLine = cursor.line
            tab.scrollRow = cursorRow
            return
        }
        // Walk up from the cursor one screen's height; if the scroll position is above that, move it down.
        var line = cursor.line, row = cursorRow, remaining = max(1, rect.height) - 1
        while remaining > 0, (line, row) > (tab.scrollLine, tab.scrollRow) {
            if row > 0 {
                row -= 1
            } else {
                line -= 1
                row = layout(ofLine: line).rowCount - 1
            }
            remaining -= 1
        }
        if (line, row) > (tab.scrollLine, tab.scrollRow) {
            tab.scrollLine = line
            tab.scrollRow = row
        }
    }

    /// Scrolls up while the view has empty rows below the text's end (after the view grew),
    /// so a view never shows less of the text than fits.
    public func fillView() {
        var rowsShown = 0, line = tab.scrollLine
        rowsShown += layout(ofLine: line).rowCount - tab.scrollRow
        while rowsShown < rect.height, line + 1 < document.lineCount {
            line += 1
            rowsShown += layout(ofLine: line).rowCount
        }
        while rowsShown < rect.height, tab.scrollLine > 0 || tab.scrollRow > 0 {
            scroll(byRows: -1)
            rowsShown += 1
        }
    }

    /// Scrolls by whole rows (wheel, PgUp/PgDn) without moving the cursor.
    public func scroll(byRows count: Int) {
        var remaining = abs(count)
        while remaining > 0 {
            if count > 0 {
                if tab.scrollRow + 1 < layout(ofLine: tab.scrollLine).rowCount {
                    tab.scrollRow += 1
                } else if tab.scrollLine + 1 < document.lineCount {
                    tab.scrollLine += 1
                    tab.scrollRow = 0
                } else { break }
            } else {
                if tab.scrollRow > 0 {
                    tab.scrollRow -= 1
                } else if tab.scrollLine > 0 {
                    tab.scrollLine -= 1
                    tab.scrollRow = layout(ofLine: tab.scrollLine).rowCount - 1
                } else { break }
            }
            remaining -= 1
        }
    }

    // MARK: Moving by screen rows

    /// Up/Down by wrapped rows, keeping the goal column; lands before a wide character, never inside it.
    public func moveVertically(byRows count: Int) {
        let cursor = document.cursor
        var line = cursor.line
        var currentLayout = layout(ofLine: line)
        let point = currentLayout.point(ofCharacter: cursor.column)
        let goal = tab.goalColumn ?? point.column
        var row = point.row
        var remaining = abs(count)
        while remaining > 0 {
            if count > 0 {
                if row + 1 < currentLayout.rowCount {
                    row += 1
                } else if line + 1 < document.lineCount {
                    line += 1
                    currentLayout = layout(ofLine: line)
                    row = 0
                } else {
                    document.cursor = TextPosition(line: line, column: document.lineLength(line))
                    tab.goalColumn = goal
                    return
                }
            } else {
                if row > 0 {
                    row -= 1
                } else if line > 0 {
                    line -= 1
                    currentLayout = layout(ofLine: line)
                    row = currentLayout.rowCount - 1
                } else {
                    document.cursor = .start
                    tab.goalColumn = goal
                    return
                }
            }
            remaining -= 1
        }
        document.cursor = TextPosition(line: line, column: currentLayout.characterIndex(row: row, column: goal))
        tab.goalColumn = goal
    }

    /// The text position under a screen point inside the editor, if any.
    public func position(at point: Point) -> TextPosition? {
        guard rect.contains(point) else { return nil }
        var line = tab.scrollLine, row = tab.scrollRow, y = rect.y
        while line < document.lineCount {
            let lineLayout = layout(ofLine: line)
            while row < lineLayout.rowCount {
                if y == point.y {
                    let column = max(0, point.x - rect.x - gutterWidth)
                    return TextPosition(line: line, column: lineLayout.characterIndex(row: row, column: column))
                }
                y += 1
                row += 1
            }
            line += 1
            row = 0
        }
        return TextPosition(line: document.lineCount - 1, column: document.lineLength(document.lineCount - 1))
    }
}
