import Foundation

/// The Logs pane: the engine's records as they happen (EngineLink follows them), bounded,
/// filtered by level (l) and regex (/), followed or paused (f, End), Enter opens the script
/// line a record names.
extension Workbench {
    func logsKey(_ key: Key) {
        let page = max(1, layout.problems.height - 1)
        let last = max(0, logs.shown.count - 1)
        switch key {
        case .up, .pageUp, .home:
            logSelection = max(0, logSelection - (key == .up ? 1 : key == .pageUp ? page : logSelection))
            followingLogs = false
        case .down, .pageDown:
            logSelection = min(last, logSelection + (key == .down ? 1 : page))
        case .end:
            logSelection = last
            followingLogs = true
        case .character("f"):
            followingLogs.toggle()
            if followingLogs { logSelection = last }
        case .character("l"):
            logs.minimumLevel = (logs.minimumLevel + 1) % LogList.levels.count
            logSelection = followingLogs ? max(0, logs.shown.count - 1) : min(logSelection, max(0, logs.shown.count - 1))
            status = "Logs: \(LogList.levels[logs.minimumLevel]) and above."
        case .character("/"):
            overlay = .prompt(Prompt(purpose: .logFilter, text: logs.pattern?.pattern ?? "", preselected: logs.pattern != nil))
        case .enter:
            guard logs.shown.indices.contains(logSelection) else { return }
            let line = logs.all[logs.shown[logSelection]]
            guard let location = line.location, let tab = openFile(location.path) else {
                return status = "This record names no script line."
            }
            tab.document.anchor = nil
            tab.document.cursor = tab.document.clamp(TextPosition(line: location.line - 1, column: 0))
            editorView(for: tab).revealCursor()
        default: break
        }
    }

    /// The regex typed after `/` (empty: no filter).
    func acceptLogFilter(_ text: String) {
        overlay = nil
        guard !text.isEmpty else {
            logs.pattern = nil
            return
        }
        guard let pattern = try? NSRegularExpression(pattern: text) else { return status = "Not a regular expression: \(text)" }
        logs.pattern = pattern
        logSelection = max(0, logs.shown.count - 1)
    }

    func drawLogs(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !logs.shown.isEmpty else {
            let note = engineState.isConnected ? "  No log records yet (l: level, /: filter)." : "  " + (engineState.summary.isEmpty ? "No engine for this IDE." : engineState.summary)
            buffer.write(note, x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        if logSelection < logScroll { logScroll = logSelection }
        if logSelection >= logScroll + rect.height { logScroll = logSelection - rect.height + 1 }
        if followingLogs { logScroll = max(0, logs.shown.count - rect.height) }
        for (offset, index) in logs.shown.dropFirst(logScroll).prefix(rect.height).enumerated() {
            let line = logs.all[index]
            let y = rect.y + offset
            let selected = logScroll + offset == logSelection
            let style: Style = switch line.level {
            case "error": theme.errorMark
            case "warn": theme.warningMark
            case "debug": theme.lineNumber
            default: theme.text
            }
            let rowStyle = selected ? (focus == .problems ? theme.selection : theme.listCursor) : style
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: rowStyle) }
            var x = buffer.write(" " + TimeOfDay.text(line.ts) + " " + line.level.uppercased().padding(toLength: 5, withPad: " ", startingAt: 0) + " ",
                                 x: rect.x, y: y, style: rowStyle)
            x = buffer.write(line.source + "  ", x: x, y: y, style: selected ? rowStyle : theme.key, limit: rect.maxX)
            buffer.write(line.text, x: x, y: y, style: rowStyle, limit: rect.maxX)
        }
    }

}
