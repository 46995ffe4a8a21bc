import Foundation

/// Drawing the whole screen from the workbench's state.
extension Workbench {
    public func render(into buffer: inout CellBuffer) -> Point? {
        if layout.size != buffer.size { layout = WorkbenchLayout(size: buffer.size) }
        buffer.fill(buffer.bounds, style: theme.text)
        drawTitleBar(into: &buffer)
        drawTree(into: &buffer)
        for y in layout.divider.y..<layout.divider.maxY { buffer.write("│", x: layout.divider.x, y: y, style: theme.border) }
        drawTabBar(into: &buffer)
        var cursor: Point?
        if let tab = activeTab {
            let view = editorView(for: tab)
            cursor = view.draw(into: &buffer, showCursor: focus == .editor && overlay == nil)
        } else {
            buffer.write("No file open. Choose one in the tree (Enter) or press Ctrl-P.", x: layout.editor.x + 2,
                         y: layout.editor.y + 1, style: theme.lineNumber, limit: layout.editor.maxX)
        }
        drawPanel(into: &buffer)
        drawStatusLine(into: &buffer)
        drawHintBar(into: &buffer)
        if let overlayCursor = drawOverlay(into: &buffer) { cursor = overlayCursor }
        // In a terminal too small for the part being typed in, its cursor is off screen: hide it.
        guard overlay == nil || overlayHasCursor, let cursor, buffer.bounds.contains(cursor) else { return nil }
        return cursor
    }

    private var overlayHasCursor: Bool {
        switch overlay {
        case .palette, .prompt: return true
        default: return false
        }
    }

    private func drawTitleBar(into buffer: inout CellBuffer) {
        buffer.fill(layout.titleBar, style: theme.chrome)
        let name = (root as NSString).lastPathComponent
        buffer.write(" featide · \(tree.onlyFile.map { "\($0) (no project)" } ?? name)", x: 0, y: 0, style: theme.chrome.adding(.bold))
        let unsaved = unsavedTabs.count
        let errors = problems.filter { $0.severity == .error }.count
        let summary = (unsaved > 0 ? "\(unsaved) unsaved · " : "") + "\(errors) error\(errors == 1 ? "" : "s") · F1 keys "
        buffer.write(summary, x: max(0, layout.size.width - DisplayWidth.of(summary)), y: 0, style: theme.chrome)
    }

    /// After a resize: every list and editor shows as much as fits, the selection and the
    /// cursor included (scroll positions set for a smaller screen are not kept).
    func fitScrollPositions() {
        tree.scrollOffset = min(tree.scrollOffset, max(0, tree.rows.count - layout.tree.height))
        problemsScroll = min(problemsScroll, max(0, problems.count - layout.problems.height))
        guard layout.editor.height > 0 else { return }
        for tab in tabs {
            let view = editorView(for: tab)
            view.revealCursor()
            view.fillView()
        }
    }

    private func drawTree(into buffer: inout CellBuffer) {
        let rect = layout.tree
        if tree.selectedIndex < tree.scrollOffset { tree.scrollOffset = tree.selectedIndex }
        if tree.selectedIndex >= tree.scrollOffset + rect.height { tree.scrollOffset = tree.selectedIndex - rect.height + 1 }
        let openPaths = Set(tabs.filter { $0.document.isModified }.map(\.document.path))
        let errorFiles = Set(problems.filter { $0.severity == .error }.map(\.file))
        for (offset, row) in tree.rows.dropFirst(tree.scrollOffset).prefix(rect.height).enumerated() {
            let index = tree.scrollOffset + offset
            let y = rect.y + offset
            let marker = row.isFolder ? (tree.isExpanded(row.path) ? "▾ " : "▸ ") : "  "
            let suffix = openPaths.contains(row.path) ? " ●" : ""
            var style = errorFiles.contains(row.path) ? theme.errorMark : (row.isFolder ? theme.paneTitle : theme.text)
            if index == tree.selectedIndex { style = focus == .tree ? theme.selection : theme.listCursor }
            if index == tree.selectedIndex { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            let text = String(repeating: " ", count: row.depth * 2) + marker + row.name + suffix
            buffer.write(text, x: rect.x, y: y, style: style, limit: rect.maxX)
        }
    }

    private func drawTabBar(into buffer: inout CellBuffer) {
        let rect = layout.tabBar
        buffer.fill(rect, style: theme.tab)
        let strip = tabStrip()
        var x = rect.x
        for placed in strip.placed {
            let style = placed.index == activeTabIndex ? (focus == .editor ? theme.activeTab : theme.activeTab.adding(.dim)) : theme.tab
            x = buffer.write(tabLabel(tabs[placed.index]), x: placed.x, y: rect.y, style: style, limit: placed.x + placed.width)
        }
        if strip.moreLeft { buffer.write("‹", x: rect.x, y: rect.y, style: theme.tab.adding(.bold)) }
        if strip.moreRight { buffer.write("›", x: rect.maxX - 1, y: rect.y, style: theme.tab.adding(.bold)) }
        if let tab = activeTab, tab.changedOnDisk {
            let note = " changed on disk "
            buffer.write(note, x: max(x, rect.maxX - DisplayWidth.of(note)), y: rect.y, style: theme.warningMark, limit: rect.maxX)
        }
    }

    private func drawStatusLine(into buffer: inout CellBuffer) {
        let rect = layout.statusLine
        var x = rect.x + 1
        if let tab = activeTab {
            let document = tab.document
            let position = "Ln \(document.cursor.line + 1), Col \(document.cursor.column + 1)  \(document.fileType.rawValue)  "
            x = buffer.write(position, x: x, y: rect.y, style: theme.lineNumber)
            // The first problem on the cursor's line, so it can be read without looking down.
            if status == nil, let problem = problems.first(where: { $0.file == document.path && $0.line == document.cursor.line + 1 }) {
                let style = problem.severity == .error ? theme.errorMark : theme.warningMark
                x = buffer.write("\(problem.severity == .error ? "●" : "▲") \(problem.message)", x: x, y: rect.y, style: style, limit: rect.maxX)
            }
        }
        // The engine's state at the right, the status message before it.
        let engine = engineState.summary
        let engineX = max(x, rect.maxX - DisplayWidth.of(engine) - 1)
        if let status { buffer.write(status, x: x, y: rect.y, style: theme.text.adding(.bold), limit: engine.isEmpty ? rect.maxX : engineX - 1) }
        if !engine.isEmpty {
            let style = engineState.isConnected ? theme.lineNumber : theme.warningMark
            buffer.write(engine, x: engineX, y: rect.y, style: style, limit: rect.maxX)
        }
    }

    private func drawHintBar(into buffer: inout CellBuffer) {
        let rect = layout.hintBar
        buffer.fill(rect, style: theme.chrome)
        var x = rect.x + 1
        for (key, meaning) in hints {
            guard x < rect.maxX else { break }
            x = buffer.write(key, x: x, y: rect.y, style: theme.chromeKey, limit: rect.maxX)
            x = buffer.write(" " + meaning + "  ", x: x, y: rect.y, style: theme.chrome, limit: rect.maxX)
        }
    }

    /// The keys worth knowing in the focused pane or dialog.
    var hints: [(String, String)] {
        switch overlay {
        case .palette: return [("↑↓", "choose"), ("Enter", "run/open"), ("Esc", "close")]
        case .help: return [("↑↓", "scroll"), ("Esc", "close")]
        case .prompt(let prompt):
            let toggles = [("Alt-C", "case"), ("Alt-W", "word"), ("Alt-R", "regex")]
            switch prompt.purpose {
            case .find: return [("Enter", "next match")] + toggles + [("Esc", "close")]
            case .replaceFind, .findInProject: return [("Enter", "accept")] + toggles + [("Esc", "cancel")]
            case .replaceWith: return [("Enter", "replace this, next"), ("Alt-A", "replace all"), ("Esc", "close")]
            default: return [("Enter", "accept"), ("Esc", "cancel")]
            }
        case .confirm(let confirmation): return confirmation.choices.map { (String($0.key), $0.label) }
        case .searchResults: return [("↑↓", "choose"), ("Enter", "open at the match"), ("Esc", "close")]
        case nil: break
        }
        let common = [("F1", "keys"), ("Ctrl-P", "palette"), ("Ctrl-Q", "quit")]
        switch focus {
        case .tree: return [("Enter", "open"), ("↑↓", "move"), ("Tab", "next pane")] + common
        case .problems:
            switch panelTab {
            case .problems: return [("Enter", "go to problem"), ("Space", "whole message"), ("↑↓ PgUp/PgDn", "move"), ("Alt-2/3", "logs/deploys")] + common
            case .logs: return [("Enter", "go to line"), ("f", followingLogs ? "pause" : "follow"), ("l", "level"), ("/", "filter"), ("Alt-1/3", "problems/deploys")] + common
            case .deploys: return [("F6", "deploy"), ("Enter", "roll back to it"), ("↑↓", "versions"), ("Alt-1/2", "problems/logs")] + common
            case .mocks: return [("Enter", "play"), ("Space", mocks.player?.isPlaying == true ? "pause" : "play/pause"), ("→←", "step/back"),
                                 ("+-", "speed"), ("F7", "run all"), ("↑↓", "scenarios")] + common
            case .features: return [("→←", "keys"), ("Enter", "open its file"), ("w", "watch"), ("b", "break on change")] + common
            case .events:
                guard eventsTreeFocused else { return [("↑↓", "events"), ("b", "break on this type"), ("t", "tree")] + common }
                return [("↑↓", "nodes"), ("Enter", "fold/unfold"), ("t", "events")] + common
            case .patterns: return [("↑↓", "patterns"), ("b", "break on a match")] + common
            case .debugger:
                guard debug.stoppedThread != nil else { return [("↑↓", "breakpoints"), ("Del", "remove"), ("Shift-F9", "condition"), ("w", "watch")] + common }
                return [("F5", "continue"), ("F10", "over"), ("F11", "into"), ("Shift-F11", "out"), ("→←", "expand"), ("e", "evaluate"), ("w", "watch"), ("Shift-F5", "stop")] + common
            }
        case .editor:
            return [("Ctrl-S", "save"), ("Ctrl-Z/Y", "undo/redo"), ("Ctrl-F", "find"), ("Ctrl-G", "go to line"),
                    ("Shift-Tab", "tree")] + common
        }
    }
}
