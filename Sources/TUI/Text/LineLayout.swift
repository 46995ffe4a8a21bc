/// How one logical line sits on screen when soft-wrapped to a width: which characters start
/// each row and the cell column of every character. Rows break after a space when the row has
/// one (words stay whole), else where the width runs out; wide characters never split across
/// rows; a tab advances to the next multiple of `tabWidth`.
public struct LineLayout: Sendable {
    /// For each character: the row it is drawn on and its x within that row.
    public private(set) var rows: [Int] = []
    public private(set) var columns: [Int] = []
    public private(set) var widths: [Int] = []
    /// Index of the first character of each row; row 0 starts at 0.
    public private(set) var rowStarts: [Int] = [0]
    /// Where a cursor placed after the last character goes.
    public private(set) var endPoint: (row: Int, column: Int) = (0, 0)

    public var rowCount: Int { rowStarts.count }

    public init(_ line: [Character], width: Int, tabWidth: Int = 4) {
        let width = max(2, width)
        var row = 0, x = 0
        rows.reserveCapacity(line.count)
        columns.reserveCapacity(line.count)
        /// The character after the row's last space: where the row breaks if a word overflows it.
        var breakAfterSpace = 0
        func cellsOf(_ character: Character, at x: Int) -> Int {
            if character == "\t" { return tabWidth - (x % tabWidth) }
            return max(1, DisplayWidth.of(character))  // controls show as a visible stand-in
        }
        for (index, character) in line.enumerated() {
            var cells = cellsOf(character, at: x)
            if x + cells > width, x > 0 {
                row += 1
                // Break before this character if it may start a row (a wide one), else after the
                // row's last space; a space overflowing stays at the row's end.
                let wide = cells == 2 && character != "\t"
                let start = !wide && breakAfterSpace > rowStarts[rowStarts.count - 1] && character != " " ? breakAfterSpace : index
                rowStarts.append(start)
                // The overflowing word moves down whole.
                x = 0
                for moved in start..<index {
                    rows[moved] = row
                    columns[moved] = x
                    widths[moved] = min(cellsOf(line[moved], at: x), width)
                    x += widths[moved]
                }
                cells = cellsOf(character, at: x)
                if x + cells > width, x > 0 {  // the word alone is longer than a row
                    row += 1
                    rowStarts.append(index)
                    x = 0
                    cells = cellsOf(character, at: x)
                }
            }
            cells = min(cells, width)
            rows.append(row)
            columns.append(x)
            widths.append(cells)
            x += cells
            if character == " " { breakAfterSpace = index + 1 }
            // CJK text has no spaces: a row may break before any wide character.
            if cells == 2, character != "\t" { breakAfterSpace = index }
        }
        // A cursor at the end of a full row wraps onto a fresh row so it stays visible.
        if x >= width {
            row += 1
            x = 0
            rowStarts.append(line.count)
        }
        endPoint = (row, x)
    }

    /// Screen position (row, x) of the cursor before character `index` (or at the end).
    public func point(ofCharacter index: Int) -> (row: Int, column: Int) {
        index < rows.count ? (rows[index], columns[index]) : endPoint
    }

    /// The character index a click or a vertical move lands on: the character covering `x`
    /// on `row`, before a wide character it hits, never inside it; past the row's end, the row's end.
    public func characterIndex(row: Int, column: Int) -> Int {
        let row = min(max(0, row), rowCount - 1)
        let start = rowStarts[row]
        let end = row + 1 < rowStarts.count ? rowStarts[row + 1] : rows.count
        var index = start
        while index < end {
            if column < columns[index] + widths[index] { return index }
            index += 1
        }
        // On a wrapped row the last position is before the next row's first character.
        return row + 1 < rowStarts.count ? max(start, end - 1) : end
    }
}
