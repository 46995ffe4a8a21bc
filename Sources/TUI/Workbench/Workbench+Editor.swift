import Foundation

/// Keys, clipboard, paste and mouse for the editor pane.
extension Workbench {
    func editorView(for tab: EditorTab) -> EditorView {
        let path = tab.document.path
        return EditorView(tab: tab, rect: layout.editor, theme: theme, marks: marks(for: path),
                          breakpoints: Set((debug.breakpoints[path] ?? []).map { $0 - 1 }), breakpointMarks: breakpointMarks(path),
                          stoppedLine: debug.currentLine.flatMap { $0.path == path ? $0.line - 1 : nil })
    }

    func editorKey(_ key: Key) {
        guard let tab = activeTab else { return }
        let document = tab.document
        let view = editorView(for: tab)
        let versionBefore = document.version
        var keepsGoalColumn = false
        switch key {
        case .character(let character): document.insert(String(character), asTyping: true)
        case .enter: document.insertNewline()
        case .tab: document.insertIndent()
        case .backspace: document.deleteBackward()
        case .delete: document.deleteForward()
        case .left, .shiftLeft:
            document.prepareMove(selecting: key == .shiftLeft)
            document.moveLeft()
        case .right, .shiftRight:
            document.prepareMove(selecting: key == .shiftRight)
            document.moveRight()
        case .controlLeft:
            document.prepareMove(selecting: false)
            document.moveWordLeft()
        case .controlRight:
            document.prepareMove(selecting: false)
            document.moveWordRight()
        case .up, .shiftUp, .down, .shiftDown:
            document.prepareMove(selecting: key == .shiftUp || key == .shiftDown)
            view.moveVertically(byRows: key == .up || key == .shiftUp ? -1 : 1)
            keepsGoalColumn = true
        case .pageUp, .pageDown:
            document.prepareMove(selecting: false)
            let rows = max(1, layout.editor.height - 1)
            view.scroll(byRows: key == .pageUp ? -rows : rows)
            view.moveVertically(byRows: key == .pageUp ? -rows : rows)
            keepsGoalColumn = true
        case .home, .shiftHome:
            document.prepareMove(selecting: key == .shiftHome)
            document.moveHome()
        case .end, .shiftEnd:
            document.prepareMove(selecting: key == .shiftEnd)
            document.moveEnd()
        case .controlHome:
            document.prepareMove(selecting: false)
            document.moveToStart()
        case .controlEnd:
            document.prepareMove(selecting: false)
            document.moveToEnd()
        case .controlShiftLeft, .controlShiftRight:
            document.prepareMove(selecting: true)
            if key == .controlShiftLeft { document.moveWordLeft() } else { document.moveWordRight() }
        case .altUp, .altDown:
            document.moveLines(by: key == .altUp ? -1 : 1)
        case .control("/"):
            guard let prefix = document.fileType.lineComment else {
                status = "\(document.fileType.rawValue) has no line comments."
                return
            }
            document.toggleComment(prefix: prefix)
        case .control("d"):
            document.selectWordOrNextOccurrence()
        case .escape:
            document.anchor = nil
        default: return
        }
        if !keepsGoalColumn { tab.goalColumn = nil }
        view.revealCursor()
        if document.version != versionBefore { documentChanged() }
    }

    func editorCommand(_ command: WorkbenchCommand) {
        guard let tab = activeTab else { return }
        focus = .editor
        let document = tab.document
        let versionBefore = document.version
        switch command {
        case .undo: document.undo()
        case .redo: document.redo()
        case .selectAll: document.selectAll()
        case .copy, .cut:
            // Nothing selected: the whole line, as VS Code and micro do.
            let range = document.selection
                ?? TextPosition(line: document.cursor.line, column: 0)..<(document.cursor.line + 1 < document.lineCount
                    ? TextPosition(line: document.cursor.line + 1, column: 0)
                    : TextPosition(line: document.cursor.line, column: document.lineLength(document.cursor.line)))
            clipboard = document.text(in: range)
            environment.copyToSystemClipboard(clipboard)
            if command == .cut { document.replace(range, with: "") }
            status = command == .cut ? "Cut \(clipboard.count) characters." : "Copied \(clipboard.count) characters."
        case .paste:
            guard !clipboard.isEmpty else { return }
            document.insert(clipboard)
        default: return
        }
        editorView(for: tab).revealCursor()
        if document.version != versionBefore { documentChanged() }
    }

    /// Bracketed paste: the text goes in as one edit, never interpreted as keys (so a pasted
    /// newline does not auto-indent and a pasted Ctrl-Q does not quit).
    func handlePaste(_ text: String) {
        if case .prompt(var prompt) = overlay {
            prompt.text += text.replacingOccurrences(of: "\n", with: " ")
            overlay = .prompt(prompt)
            return
        }
        if case .palette(var palette) = overlay {
            palette.query += text.replacingOccurrences(of: "\n", with: " ")
            palette.selected = 0
            overlay = .palette(palette)
            return
        }
        guard overlay == nil, let tab = activeTab else { return }
        focus = .editor
        tab.document.insert(text.replacingOccurrences(of: "\t", with: String(repeating: " ", count: tab.document.fileType.indentWidth)))
        editorView(for: tab).revealCursor()
        documentChanged()
    }

    /// After any change: swap soon, re-check after a short idle.
    func documentChanged() {
        environment.schedule(.swap, afterMilliseconds: 300)
        environment.schedule(.check, afterMilliseconds: 700)
    }

    // MARK: Mouse

    func handleMouse(_ mouse: MouseEvent) {
        guard overlay == nil else { return }
        let point = mouse.position
        if layout.tree.contains(point) {
            focus = .tree
            switch mouse.action {
            // Lists keep their selected row in view, so the wheel moves the selection.
            case .wheelUp: tree.moveSelection(by: -3)
            case .wheelDown: tree.moveSelection(by: 3)
            case .drag: break
            case .press, .doubleClick:
                let index = tree.scrollOffset + point.y - layout.tree.y
                guard tree.rows.indices.contains(index) else { return }
                tree.selectedIndex = index
                let row = tree.rows[index]
                if row.isFolder { tree.toggle(row.path) } else { openFile(row.path) }
            }
        } else if layout.tabBar.contains(point), mouse.action == .press {
            if let index = tabIndex(atX: point.x) {
                activeTabIndex = index
                focus = .editor
            }
        } else if layout.editor.contains(point), let tab = activeTab {
            focus = .editor
            let view = editorView(for: tab)
            switch mouse.action {
            case .wheelUp: view.scroll(byRows: -3)
            case .wheelDown: view.scroll(byRows: 3)
            case .press, .drag:
                // A drag keeps the anchor the press set: the text between is selected.
                if let position = view.position(at: point) {
                    tab.document.prepareMove(selecting: mouse.action == .drag)
                    tab.document.cursor = position
                    tab.goalColumn = nil
                    if mouse.action == .drag { view.revealCursor() }
                }
            case .doubleClick:
                if let position = view.position(at: point) {
                    tab.document.prepareMove(selecting: false)
                    tab.document.selectWord(at: position)
                    tab.goalColumn = nil
                }
            }
        } else if layout.problems.contains(point) {
            focus = .problems
            if panelTab == .mocks { return mocksMouse(mouse) }
            guard panelTab == .problems else { return panelWheel(mouse) }
            switch mouse.action {
            case .wheelUp: selectProblem(problemsSelection - 3)
            case .wheelDown: selectProblem(problemsSelection + 3)
            case .drag: break
            case .press, .doubleClick:
                // One click jumps, as in other editors' problem lists.
                let rows = problemRows()
                let row = point.y - layout.problems.y
                if rows.indices.contains(row) { jumpToProblem(at: rows[row]) }
            }
        }
    }

    /// In the engine's panes a click only focuses the pane (a row is not a problem to jump
    /// to); the wheel moves as the arrow keys do.
    private func panelWheel(_ mouse: MouseEvent) {
        switch mouse.action {
        case .wheelUp: for _ in 0..<3 { panelKey(.up) }
        case .wheelDown: for _ in 0..<3 { panelKey(.down) }
        default: break
        }
    }

    func tabIndex(atX x: Int) -> Int? {
        tabStrip().placed.first { x >= $0.x && x < $0.x + $0.width }?.index
    }

    /// Where each visible tab goes in the tab bar: as many as fit, the active one always among
    /// them; `‹` and `›` mark tabs scrolled off either side (they take a cell each).
    func tabStrip() -> (placed: [(index: Int, x: Int, width: Int)], moreLeft: Bool, moreRight: Bool) {
        let rect = layout.tabBar
        let widths = tabs.map { DisplayWidth.of(tabLabel($0)) }
        guard !tabs.isEmpty else { return ([], false, false) }
        if widths.reduce(0, +) <= rect.width {
            var x = rect.x
            return (widths.indices.map { i in defer { x += widths[i] }; return (i, x, widths[i]) }, false, false)
        }
        // Start at the first tab, or as far right as needed to show the active one whole.
        let room = max(1, rect.width - 2)
        var first = 0
        while first < activeTabIndex, widths[first...activeTabIndex].reduce(0, +) > room { first += 1 }
        var placed: [(index: Int, x: Int, width: Int)] = []
        var x = rect.x + 1
        var index = first
        while index < tabs.count, x + min(widths[index], 1) <= rect.maxX - 1 {
            let width = min(widths[index], rect.maxX - 1 - x)
            placed.append((index, x, width))
            x += width
            index += 1
        }
        return (placed, first > 0, index < tabs.count)
    }

    func tabLabel(_ tab: EditorTab) -> String {
        " \(tab.title)\(tab.document.isModified ? " ●" : "") "
    }
}
