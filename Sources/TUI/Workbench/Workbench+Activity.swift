import Foundation

/// The Events pane (the last events applied beside the behaviour tree, whose nodes fold) and the Patterns pane
/// (each pattern's NFA with its live partial matches, from the engine's `inspect`, and its
/// latest matches from the engine's log).
extension Workbench {
    func drawEvents(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard !inspected.recentEvents.isEmpty || !inspected.tree.isEmpty else {
            buffer.write("  No events applied yet.", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        let half = rect.width / 2
        // Newest last, the end in view; the tree's latest nodes likewise. The selected event
        // (b breaks on its type) is counted from the newest; ● marks types with a breakpoint.
        let shown = inspected.recentEvents.suffix(rect.height)
        for (offset, line) in shown.enumerated() {
            let y = rect.y + offset
            let selected = shown.count - 1 - offset == eventSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: half, height: 1), style: style) }
            let marked = Self.eventType(line).map { debug.functionBreakpoints.contains("event:" + $0) } ?? false
            buffer.write((marked ? "●" : " ") + line, x: rect.x, y: y, style: style, limit: rect.x + half)
        }
        drawBehaviourTree(into: &buffer, x: rect.x + half, rect: rect)
    }

    /// The tree with ▾ / ▸ on nodes that have children; a folded one counts what it hides.
    /// The newest nodes stay in view unless `t` put the selection in the tree.
    private func drawBehaviourTree(into buffer: inout CellBuffer, x: Int, rect: Rect) {
        let rows = eventsTree.rows(of: inspected.tree)
        let selected = min(eventsTreeSelection, rows.count - 1)
        let first = eventsTreeFocused ? max(0, selected - rect.height + 1) : max(0, rows.count - rect.height)
        for (offset, row) in rows.dropFirst(first).prefix(rect.height).enumerated() {
            let y = rect.y + offset
            let isSelected = eventsTreeFocused && first + offset == selected
            let style = isSelected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.key
            if isSelected { buffer.fill(Rect(x: x + 2, y: y, width: rect.maxX - x - 2, height: 1), style: style) }
            let marker = row.hasChildren ? (row.folded ? "▸ " : "▾ ") : "  "
            let text = String(repeating: "  ", count: row.depth) + marker + row.text + (row.folded ? "  … \(row.hidden)" : "")
            buffer.write("│ ", x: x, y: y, style: theme.key, limit: rect.maxX)
            buffer.write(text, x: x + 2, y: y, style: style, limit: rect.maxX)
        }
    }

    /// `t` moves between the events and the tree; in the tree ↑↓ select a node, Enter or
    /// Space folds or unfolds it, ← folds, → unfolds.
    private func eventsTreeKey(_ key: Key) {
        let rows = eventsTree.rows(of: inspected.tree)
        guard !rows.isEmpty else { return }
        let selected = min(eventsTreeSelection, rows.count - 1)
        switch key {
        case .up: eventsTreeSelection = max(0, selected - 1)
        case .down: eventsTreeSelection = min(rows.count - 1, selected + 1)
        case .enter, .character(" "): eventsTree.toggle(rows[selected])
        case .left where !rows[selected].folded: eventsTree.toggle(rows[selected])
        case .right where rows[selected].folded: eventsTree.toggle(rows[selected])
        default: break
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
            let title = debug.functionBreakpoints.contains("pattern:" + inspected.patterns[offset].name) ? "●" + title.dropFirst() : title
            let selected = offset == patternSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: rect.y + offset, width: listWidth, height: 1), style: style) }
            buffer.write(title, x: rect.x, y: rect.y + offset, style: style, limit: rect.x + listWidth)
        }
        guard inspected.patterns.indices.contains(patternSelection) else { return }
        let pattern = inspected.patterns[patternSelection]
        let nfa = pattern.nfa.prefix(rect.height)
        for (offset, line) in nfa.enumerated() {
            // States holding partial matches (`(N live)`, N > 0) stand out.
            let style = line.range(of: #"\([1-9][0-9]* live\)"#, options: .regularExpression) != nil ? theme.warningMark : theme.text
            buffer.write(line, x: rect.x + listWidth + 1, y: rect.y + offset, style: style, limit: rect.maxX)
        }
        // Below the NFA, the pattern's latest matches as the engine logged them, newest first.
        let room = rect.height - nfa.count - 1
        guard room > 1 else { return }
        let matches = Self.recentMatches(of: pattern.name, in: logs.all, limit: room - 1)
        let y = rect.y + nfa.count + 1
        buffer.write(matches.isEmpty ? "no match in the logs kept" : "recent matches", x: rect.x + listWidth + 1, y: y, style: theme.lineNumber, limit: rect.maxX)
        for (offset, match) in matches.enumerated() {
            buffer.write("\(TimeOfDay.text(match.ts))  \(match.steps)", x: rect.x + listWidth + 3, y: y + 1 + offset, style: theme.text, limit: rect.maxX)
        }
    }

    /// A pattern's live matches among the log records (not a played scenario's), newest
    /// first: each one's time and its steps' events.
    static func recentMatches(of pattern: String, in lines: [LogLine], limit: Int) -> [(ts: Int64, steps: String)] {
        var found: [(ts: Int64, steps: String)] = []
        for line in lines.reversed() where found.count < limit && line.source == "match" {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.raw.utf8))) as? [String: Any],
                  object["pattern"] as? String == pattern, object["play"] == nil else { continue }
            let steps = object["steps"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
            found.append((line.ts, steps.map { String(decoding: $0, as: UTF8.self) } ?? ""))
        }
        return found
    }

    func eventsKey(_ key: Key) {
        if key == .character("t") {
            eventsTreeFocused.toggle()
            return status = eventsTreeFocused ? "The behaviour tree: ↑↓ nodes, Enter folds or unfolds, t back to the events." : nil
        }
        if eventsTreeFocused { return eventsTreeKey(key) }
        let count = min(inspected.recentEvents.count, layout.problems.height)
        switch key {
        case .up: eventSelection = min(max(0, count - 1), eventSelection + 1)
        case .down: eventSelection = max(0, eventSelection - 1)
        case .character("b"):
            let events = inspected.recentEvents
            guard events.indices.contains(events.count - 1 - eventSelection), let type = Self.eventType(events[events.count - 1 - eventSelection]) else {
                return status = "No event selected."
            }
            toggleFunctionBreakpoint("event:" + type)
        default: break
        }
    }

    func patternsKey(_ key: Key) {
        switch key {
        case .up: patternSelection = max(0, patternSelection - 1)
        case .down: patternSelection = min(max(0, inspected.patterns.count - 1), patternSelection + 1)
        case .character("b"):
            guard inspected.patterns.indices.contains(patternSelection) else { return status = "No pattern selected." }
            toggleFunctionBreakpoint("pattern:" + inspected.patterns[patternSelection].name)
        default: break
        }
    }

    /// An event's `type`, from its JSON line.
    static func eventType(_ line: String) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else { return nil }
        return object["type"] as? String
    }
}
