import Foundation

/// The Events pane (the last events applied beside the behaviour tree) and the Patterns pane
/// (each pattern's NFA with its live partial matches), from the engine's `inspect`.
extension Workbench {
    func drawEvents(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !inspected.recentEvents.isEmpty || !inspected.tree.isEmpty else {
            buffer.write("  No events applied yet.", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        let half = rect.width / 2
        // Newest last, the end in view; the tree's latest nodes likewise.
        for (offset, line) in inspected.recentEvents.suffix(rect.height).enumerated() {
            buffer.write(" " + line, x: rect.x, y: rect.y + offset, style: theme.text, limit: rect.x + half)
        }
        for (offset, line) in inspected.tree.suffix(rect.height).enumerated() {
            buffer.write("│ " + line, x: rect.x + half, y: rect.y + offset, style: theme.key, limit: rect.maxX)
        }
    }

    func drawPatterns(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !inspected.patterns.isEmpty else {
            buffer.write("  No patterns in the deployed version.", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        let titles = inspected.patterns.map { " \($0.name) · \($0.livePartialMatches) live · \($0.matches) matched" }
        let listWidth = min(rect.width / 2, (titles.map { DisplayWidth.of($0) }.max() ?? 0) + 1)
        for (offset, title) in titles.prefix(rect.height).enumerated() {
            let selected = offset == patternSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: rect.y + offset, width: listWidth, height: 1), style: style) }
            buffer.write(title, x: rect.x, y: rect.y + offset, style: style, limit: rect.x + listWidth)
        }
        guard inspected.patterns.indices.contains(patternSelection) else { return }
        for (offset, line) in inspected.patterns[patternSelection].nfa.prefix(rect.height).enumerated() {
            // States holding partial matches (`(N live)`, N > 0) stand out.
            let style = line.range(of: #"\([1-9][0-9]* live\)"#, options: .regularExpression) != nil ? theme.warningMark : theme.text
            buffer.write(line, x: rect.x + listWidth + 1, y: rect.y + offset, style: style, limit: rect.maxX)
        }
    }
}
