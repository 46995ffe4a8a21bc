/// One screen cell. A wide character sits in its first cell; the cell to its right is a
/// continuation that draws nothing.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var style: Style
    public var isContinuation: Bool
    /// The first cell of a two-cell character (kept so redraws need not re-measure it).
    public var isWide: Bool

    public init(_ character: Character = " ", style: Style = .plain, isContinuation: Bool = false, isWide: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
        self.isWide = isWide
    }
}

/// The screen as widgets draw it: a grid of cells that a backend presents.
public struct CellBuffer: Sendable, Equatable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: Cell(), count: max(0, size.width * size.height))
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Fills a rectangle with blanks of one style.
    public mutating func fill(_ rect: Rect, style: Style, with character: Character = " ") {
        let clipped = clip(rect)
        guard clipped.width > 0 else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y] = Cell(character, style: style) }
        }
    }

    /// Writes text from (x, y) and stops before `limit` (exclusive x; the row's end by default).
    /// Wide characters take two cells; one that would straddle the limit becomes a blank.
    /// Returns the x after the last cell written.
    @discardableResult
    public mutating func write<S: StringProtocol>(_ text: S, x: Int, y: Int, style: Style, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return x }
        let end = min(limit ?? size.width, size.width)
        var column = x
        for character in text {
            if column >= end { break }
            let width = DisplayWidth.of(character)
            if width == 0 { continue }
            if column < 0 {
                column += width
                continue
            }
            if column + width > end {
                self[column, y] = Cell(" ", style: style)
                column += 1
                break
            }
            put(character, width: width, x: column, y: y, style: style)
            column += width
        }
        return column
    }

    /// Places one character of a known width, clearing any wide character it cuts in half.
    public mutating func put(_ character: Character, width: Int, x: Int, y: Int, style: Style) {
        guard x >= 0, y >= 0, y < size.height, x + width <= size.width else { return }
        breakWideCharacter(at: x, y: y)
        if width == 2 { breakWideCharacter(at: x + 1, y: y) }
        self[x, y] = Cell(character, style: style, isWide: width == 2)
        if width == 2 { self[x + 1, y] = Cell(" ", style: style, isContinuation: true) }
    }

    /// Changes the style of cells without touching their text (selection, cursor line).
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        let clipped = clip(rect)
        guard clipped.width > 0 else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { change(&cells[y * size.width + x].style) }
        }
    }

    private mutating func breakWideCharacter(at x: Int, y: Int) {
        let cell = self[x, y]
        if cell.isContinuation, x > 0 {
            self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
        } else if cell.isWide, x + 1 < size.width, self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(" ", style: cell.style)
        }
    }

    private func clip(_ rect: Rect) -> Rect {
        let x0 = max(0, rect.x), y0 = max(0, rect.y)
        let x1 = min(size.width, rect.maxX), y1 = min(size.height, rect.maxY)
        return Rect(x: x0, y: y0, width: x1 - x0, height: y1 - y0)
    }

    /// The screen as plain text, one line per row, trailing blanks trimmed: what a user reads.
    public var text: String {
        var lines: [String] = []
        for y in 0..<size.height {
            var line = ""
            for x in 0..<size.width where !self[x, y].isContinuation { line.append(self[x, y].character) }
            while line.hasSuffix(" ") { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
