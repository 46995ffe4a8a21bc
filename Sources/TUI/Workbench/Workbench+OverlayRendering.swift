/// Drawing dialogs: palette, help, prompt bar and confirmations.
extension Workbench {
    /// Draws the open dialog; returns the cursor position inside it, if it takes text.
    func drawOverlay(into buffer: inout CellBuffer) -> Point? {
        switch overlay {
        case nil: return nil
        case .palette(let state): return drawPalette(state, into: &buffer)
        case .help(let scroll):
            drawHelp(scroll: scroll, into: &buffer)
            return nil
        case .prompt(let prompt): return drawPrompt(prompt, into: &buffer)
        case .confirm(let confirmation):
            drawConfirmation(confirmation, into: &buffer)
            return nil
        case .searchResults(let results):
            drawSearchResults(results, into: &buffer)
            return nil
        }
    }

    /// A framed box centred on the screen, cleared to the dialog style.
    private func box(width: Int, height: Int, title: String, into buffer: inout CellBuffer) -> Rect {
        let size = buffer.size
        let width = min(width, size.width - 2), height = min(height, size.height - 2)
        let rect = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 3), width: width, height: height)
        buffer.fill(rect, style: theme.dialog)
        let horizontal = String(repeating: "─", count: max(0, width - 2))
        buffer.write("┌" + horizontal + "┐", x: rect.x, y: rect.y, style: theme.dialog)
        // A terminal too small for the frame's sides still gets what fits (the inner area may be empty).
        for y in (rect.y + 1)..<max(rect.y + 1, rect.maxY - 1) {
            buffer.write("│", x: rect.x, y: y, style: theme.dialog)
            buffer.write("│", x: rect.maxX - 1, y: y, style: theme.dialog)
        }
        buffer.write("└" + horizontal + "┘", x: rect.x, y: rect.maxY - 1, style: theme.dialog)
        buffer.write(" \(title) ", x: rect.x + 2, y: rect.y, style: theme.dialogTitle, limit: rect.maxX - 1)
        return rect.inset(by: 1)
    }

    private func drawPalette(_ state: PaletteState, into buffer: inout CellBuffer) -> Point? {
        let inner = box(width: 70, height: 18, title: "Command palette — commands and files", into: &buffer)
        guard inner.width > 0, inner.height > 0 else { return nil }  // no room for the query line
        let end = buffer.write("> " + state.query, x: inner.x + 1, y: inner.y, style: theme.dialog.adding(.bold), limit: inner.maxX)
        let items = paletteItems(for: state.query)
        let listHeight = max(0, inner.height - 1)
        let first = max(0, state.selected - listHeight + 1)
        for (offset, entry) in items.dropFirst(first).prefix(listHeight).enumerated() {
            let y = inner.y + 1 + offset
            let style = first + offset == state.selected ? theme.selection : theme.dialog
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            buffer.write(" " + entry.title, x: inner.x, y: y, style: style, limit: inner.maxX)
            let detailX = inner.maxX - DisplayWidth.of(entry.detail) - 1
            buffer.write(entry.detail, x: detailX, y: y, style: style.adding(.dim), limit: inner.maxX)
        }
        if items.isEmpty { buffer.write(" nothing matches", x: inner.x, y: inner.y + 1, style: theme.dialog.adding(.dim)) }
        return Point(x: min(end, inner.maxX - 1), y: inner.y)
    }

    private func drawHelp(scroll: Int, into buffer: inout CellBuffer) {
        let lines = helpLines
        let inner = box(width: 64, height: buffer.size.height - 2, title: "Keys — Esc closes, ↑↓ scroll", into: &buffer)
        let start = min(scroll, max(0, lines.count - inner.height))
        for (offset, line) in lines.dropFirst(start).prefix(inner.height).enumerated() {
            let style = line.hasPrefix("  ") ? theme.dialog : theme.dialogTitle
            buffer.write(" " + line, x: inner.x, y: inner.y + offset, style: style, limit: inner.maxX)
        }
    }

    private func drawPrompt(_ prompt: Prompt, into buffer: inout CellBuffer) -> Point? {
        let rect = Rect(x: layout.editor.x, y: layout.editor.maxY - 1, width: layout.editor.width, height: 1)
        buffer.fill(rect, style: theme.dialog)
        let x = buffer.write(prompt.label + " ", x: rect.x + 1, y: rect.y, style: theme.dialogTitle, limit: rect.maxX)
        // Pre-filled text shows selected: typing replaces it.
        let end = buffer.write(prompt.text, x: x, y: rect.y, style: prompt.preselected ? theme.selection : theme.dialog, limit: rect.maxX)
        return Point(x: min(end, rect.maxX - 1), y: rect.y)
    }

    private func drawSearchResults(_ results: SearchResults, into buffer: inout CellBuffer) {
        let files = Set(results.hits.map(\.path)).count
        let inner = box(width: buffer.size.width - 4, height: 20,
                        title: "'\(results.query.text)' — \(results.hits.count) in \(files) file\(files == 1 ? "" : "s"); Enter opens", into: &buffer)
        guard inner.height > 0 else { return }
        let first = max(0, results.selected - inner.height + 1)
        for (offset, hit) in results.hits.dropFirst(first).prefix(inner.height).enumerated() {
            let y = inner.y + offset
            let style = first + offset == results.selected ? theme.selection : theme.dialog
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            let x = buffer.write(" \(hit.path):\(hit.position.line + 1)  ", x: inner.x, y: y, style: style.adding(.bold), limit: inner.maxX)
            buffer.write(hit.line, x: x, y: y, style: style, limit: inner.maxX)
        }
    }

    private func drawConfirmation(_ confirmation: Confirmation, into buffer: inout CellBuffer) {
        let choiceLine = confirmation.choices.map { "[\($0.key)] \($0.label)" }.joined(separator: "   ")
        let width = max(DisplayWidth.of(choiceLine), confirmation.lines.map { DisplayWidth.of($0) }.max() ?? 0) + 6
        let inner = box(width: width, height: confirmation.lines.count + 4, title: confirmation.title, into: &buffer)
        for (offset, line) in confirmation.lines.enumerated() {
            buffer.write(" " + line, x: inner.x, y: inner.y + offset, style: theme.dialog, limit: inner.maxX)
        }
        buffer.write(" " + choiceLine, x: inner.x, y: inner.maxY - 1, style: theme.dialogTitle, limit: inner.maxX)
    }
}
