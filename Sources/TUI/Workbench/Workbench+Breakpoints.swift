import Foundation

/// Breakpoints beyond F9's plain line: a condition, hit count or log message on a script
/// line (Shift-F9, a prompt), event and pattern breakpoints from the Events and Patterns
/// panes, data breakpoints on features from the Features pane (`b` in each), and the Debug
/// pane's list of all of them, where Del removes one. All go to the engine's debug adapter.
extension Workbench {
    // MARK: Sending (each DAP request replaces its whole kind)

    func sendLineBreakpoints(_ path: String) {
        let options = debug.lineOptions[path] ?? [:]
        let breakpoints = (debug.breakpoints[path] ?? []).sorted().map { line -> [String: Any] in
            var breakpoint: [String: Any] = ["line": line]
            if let o = options[line] {
                breakpoint["condition"] = o.condition
                breakpoint["hitCondition"] = o.hitCondition
                breakpoint["logMessage"] = o.logMessage
            }
            return breakpoint
        }
        debugger?.request("setBreakpoints", ["source": ["path": absolutePath(path)], "breakpoints": breakpoints])
    }

    func sendFunctionBreakpoints() {
        guard let debugger else { return }
        let seq = debugger.request("setFunctionBreakpoints", ["breakpoints": debug.functionBreakpoints.map { ["name": $0] }])
        debug.pending[seq] = .paneBreakpoints
    }

    func sendDataBreakpoints() {
        guard let debugger else { return }
        let seq = debugger.request("setDataBreakpoints", ["breakpoints": debug.dataBreakpoints.map { ["dataId": $0, "accessType": "write"] }])
        debug.pending[seq] = .paneBreakpoints
    }

    /// The adapter's answer to the panes' breakpoints: one it could not set says why (a
    /// script feature has no data breakpoint, a name the deployed version lacks).
    func panesBreakpointsAnswered(_ body: [String: Any]) {
        let refused = (body["breakpoints"] as? [[String: Any]] ?? []).filter { $0["verified"] as? Bool == false }
        if let why = refused.first?["message"] as? String { status = "Breakpoint not set: \(why)" }
    }

    // MARK: From the panes

    /// `event:TYPE` (Events pane) or `pattern:NAME` (Patterns pane), on or off.
    func toggleFunctionBreakpoint(_ name: String) {
        let on = !debug.functionBreakpoints.contains(name)
        if on { debug.functionBreakpoints.append(name) } else { debug.functionBreakpoints.removeAll { $0 == name } }
        guard debugSession() != nil else { return status = "\(name) noted; no debug adapter now (is the engine running?)." }
        sendFunctionBreakpoints()
        status = on ? "Breakpoint on \(name): the engine stops there (Alt-8 lists breakpoints)." : "Breakpoint on \(name) removed."
    }

    /// A feature (`NAME`) or one key of a grouped one (`NAME["key"]`), on or off.
    func toggleDataBreakpoint(_ dataId: String) {
        let on = !debug.dataBreakpoints.contains(dataId)
        if on { debug.dataBreakpoints.append(dataId) } else { debug.dataBreakpoints.removeAll { $0 == dataId } }
        guard debugSession() != nil else { return status = "\(dataId) noted; no debug adapter now (is the engine running?)." }
        sendDataBreakpoints()
        status = on ? "Breakpoint when an event changes \(dataId)." : "Breakpoint on \(dataId) removed."
    }

    /// Del in the Debug pane's list.
    func removeListedBreakpoint() {
        let listed = debug.listed
        guard listed.indices.contains(debug.breakpointSelection) else { return }
        switch listed[debug.breakpointSelection] {
        case .line(let path, let line):
            debug.breakpoints[path]?.remove(line)
            if debug.breakpoints[path]?.isEmpty == true { debug.breakpoints[path] = nil }
            debug.lineOptions[path]?[line] = nil
            if debugger != nil { sendLineBreakpoints(path) }
            status = "Breakpoint at \(path):\(line) removed."
        case .function(let name): toggleFunctionBreakpoint(name)
        case .data(let dataId): toggleDataBreakpoint(dataId)
        }
        debug.breakpointSelection = min(debug.breakpointSelection, max(0, debug.listed.count - 1))
    }

    // MARK: Conditions and logpoints (Shift-F9, the palette)

    /// Asks for the cursor line's condition / hit count / log message; `log` pre-fills a logpoint.
    func openBreakpointPrompt(log: Bool) {
        guard let tab = activeTab, tab.document.path.hasSuffix(".py") else {
            return status = "Conditions and logpoints go on script lines (.py)."
        }
        let path = tab.document.path, line = tab.document.cursor.line + 1
        let current = debug.lineOptions[path]?[line]?.text ?? ""
        let text = log && !current.hasPrefix("log ") ? "log " : current
        overlay = .prompt(Prompt(purpose: .breakpointOptions(path: path, line: line), text: text, preselected: !text.isEmpty && !log))
    }

    func acceptBreakpointPrompt(_ prompt: Prompt, path: String, line: Int) {
        overlay = nil
        let options = DebugState.LineOptions(text: prompt.text)
        debug.breakpoints[path, default: []].insert(line)
        debug.lineOptions[path, default: [:]][line] = options
        guard debugSession() != nil else { return }
        sendLineBreakpoints(path)
        if let message = options?.logMessage {
            status = "Logpoint at \(path):\(line): logs \(message) (never stops)."
        } else if let options {
            status = "Breakpoint at \(path):\(line) when \(options.text)."
        } else {
            status = "Breakpoint at \(path):\(line)."
        }
    }

    /// The gutter's marks for conditional breakpoints and logpoints (0-based lines).
    func breakpointMarks(_ path: String) -> [Int: Character] {
        var marks: [Int: Character] = [:]
        for (line, options) in debug.lineOptions[path] ?? [:] { marks[line - 1] = options.mark }
        return marks
    }

    // MARK: The Debug pane while running

    func drawBreakpointList(into buffer: inout CellBuffer) {
        let rect = layout.problems
        let listed = debug.listed
        guard !listed.isEmpty else {
            let note = "  Not stopped. F9 sets a breakpoint on a script line (Shift-F9: a condition or logpoint); b in Features, Events"
                + " and Patterns breaks on a feature's change, an event or a match; play a scenario (Alt-4) to reach it."
            buffer.write(note, x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
            return
        }
        buffer.write("  Not stopped. Breakpoints (Del removes the selected one):", x: rect.x, y: rect.y, style: theme.lineNumber, limit: rect.maxX)
        let height = rect.height - 1
        guard height > 0 else { return }
        let first = max(0, debug.breakpointSelection - height + 1)
        for (offset, item) in listed.dropFirst(first).prefix(height).enumerated() {
            let y = rect.y + 1 + offset
            let selected = first + offset == debug.breakpointSelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            let text: String
            switch item {
            case .line(let path, let line):
                let options = debug.lineOptions[path]?[line]
                text = " \(options?.mark ?? "◉") \(path):\(line)" + (options.map { "  " + $0.text } ?? "")
            case .function(let name): text = " ● \(name)"
            case .data(let dataId): text = " ● \(dataId) changes"
            }
            buffer.write(text, x: rect.x, y: y, style: style, limit: rect.maxX)
        }
    }
}
