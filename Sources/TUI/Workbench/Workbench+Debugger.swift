import Foundation

/// Debugging from the IDE (SPEC §11): F9 toggles a breakpoint on the cursor's line of a
/// script, the engine stops there (played scenarios included), the line is marked, the
/// Debugger pane shows the stack and variables; F5 continues, F10 steps over, F11 into,
/// Shift-F11 out, Shift-F5 stops debugging. All through the engine's debug adapter.
extension Workbench {
    /// Connects and attaches on first use.
    func debugSession() -> DebugSender? {
        if let debugger { return debugger }
        guard let sender = environment.connectDebugger() else {
            status = "No debug adapter: the engine is not running (or this IDE has none)."
            return nil
        }
        debugger = sender
        sender.request("initialize", ["adapterID": "featide-ide", "linesStartAt1": true, "pathFormat": "path"])
        let token = (try? String(contentsOfFile: debugTokenFile ?? "", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let attach = sender.request("attach", ["token": token])
        debug.pending[attach] = .attach
        return sender
    }

    /// F9 on a line of a Python script.
    func toggleBreakpoint() {
        guard let tab = activeTab else { return }
        let path = tab.document.path
        guard path.hasSuffix(".py") else { return status = "Breakpoints go in scripts (.py); event breakpoints come from the Features and Patterns panes." }
        let line = tab.document.cursor.line + 1
        var lines = debug.breakpoints[path] ?? []
        if lines.contains(line) { lines.remove(line) } else { lines.insert(line) }
        debug.breakpoints[path] = lines.isEmpty ? nil : lines
        if !lines.contains(line) { debug.lineOptions[path]?[line] = nil }
        guard debugSession() != nil else { return }
        sendLineBreakpoints(path)
        status = lines.contains(line) ? "Breakpoint at \(path):\(line)." : "Breakpoint removed."
    }

    /// F5, F10, F11, Shift-F11 while stopped; false when not stopped (F5 then checks the project).
    func resume(_ command: String) -> Bool {
        guard let thread = debug.stoppedThread, let debugger else { return false }
        debugger.request(command, ["threadId": thread])
        debug.stoppedThread = nil
        debug.frames = []
        debug.variables = []
        debug.variableSelection = 0
        status = command == "continue" ? "Continuing." : "Stepping."
        return true
    }

    /// Shift-F5: breakpoints cleared, the engine goes on, the session ends.
    func stopDebugging() {
        guard let debugger else { return }
        debugger.request("disconnect", [:])
        debugger.close()
        self.debugger = nil
        debug = DebugState()
        status = "Debugging stopped; the engine goes on."
    }

    // MARK: Messages from the adapter

    func receiveDebugMessage(_ body: Data) {
        guard !body.isEmpty, let message = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
            debugger = nil
            debug.stoppedThread = nil
            return
        }
        switch message["type"] as? String {
        case "event": debugEvent(message["event"] as? String ?? "", message["body"] as? [String: Any] ?? [:])
        case "response": debugResponse(message)
        default: break
        }
    }

    private func debugEvent(_ event: String, _ body: [String: Any]) {
        switch event {
        case "initialized":
            debugger?.request("configurationDone", [:])
        case "stopped":
            guard let thread = body["threadId"] as? Int, let debugger else { return }
            debug.stoppedThread = thread
            debug.stopReason = [body["reason"] as? String, body["description"] as? String].compactMap { $0 }.joined(separator: ": ")
            debug.pending[debugger.request("stackTrace", ["threadId": thread])] = .stackTrace
            panelTab = .debugger
        case "continued":
            debug.stoppedThread = nil
        case "output":
            if let text = body["output"] as? String, body["category"] as? String == "console" {
                status = text.trimmingCharacters(in: .newlines)
            }
        default: break
        }
    }

    private func debugResponse(_ message: [String: Any]) {
        guard let seq = message["request_seq"] as? Int, let purpose = debug.pending.removeValue(forKey: seq) else { return }
        let body = message["body"] as? [String: Any] ?? [:]
        guard message["success"] as? Bool == true else {
            switch purpose {
            case .attach: status = "The debug adapter refused: \(message["message"] as? String ?? "?")"
            case .evaluate(let expression): record(expression, "error: \(message["message"] as? String ?? "?")")
            default: break
            }
            return
        }
        switch purpose {
        case .attach:
            // Breakpoints set before the connection existed.
            for path in debug.breakpoints.keys { sendLineBreakpoints(path) }
            if !debug.functionBreakpoints.isEmpty { sendFunctionBreakpoints() }
            if !debug.dataBreakpoints.isEmpty { sendDataBreakpoints() }
        case .stackTrace:
            debug.frames = (body["stackFrames"] as? [[String: Any]] ?? []).map { frame in
                let path = ((frame["source"] as? [String: Any])?["path"] as? String).map(relativePath)
                return DebugState.Frame(id: frame["id"] as? Int ?? 0, name: frame["name"] as? String ?? "?", path: path, line: frame["line"] as? Int ?? 0)
            }
            if let top = debug.frames.first, let debugger {
                debug.variables = []
                debug.variableSelection = 0
                debug.results = []
                debug.pending[debugger.request("scopes", ["frameId": top.id])] = .scopes
                for watch in debug.watches { evaluate(watch) }
            }
            if let current = debug.currentLine, let tab = openFile(current.path) {
                tab.document.anchor = nil
                tab.document.cursor = tab.document.clamp(TextPosition(line: current.line - 1, column: 0))
                editorView(for: tab).revealCursor()
                status = "Stopped (\(debug.stopReason)) at \(current.path):\(current.line). F5 continue, F10 over, F11 into."
            } else {
                status = "Stopped (\(debug.stopReason)) at \(debug.frames.first?.name ?? "?")."
            }
        case .scopes:
            // Locals and ctx for a script; the event's scopes otherwise (the first two).
            let scopes = body["scopes"] as? [[String: Any]] ?? []
            let wanted = scopes.filter { ["Locals", "ctx"].contains($0["name"] as? String ?? "") }
            for scope in (wanted.isEmpty ? Array(scopes.prefix(2)) : wanted) {
                guard let reference = scope["variablesReference"] as? Int, reference > 0, let debugger else { continue }
                debug.pending[debugger.request("variables", ["variablesReference": reference])] = .variables(scope: scope["name"] as? String ?? "")
            }
        case .evaluate(let expression):
            record(expression, body["result"] as? String ?? "")
        case .variables(let scope):
            debug.variables += Self.variables(body, scope: scope, depth: 0)
        case .paneBreakpoints: panesBreakpointsAnswered(body)
        case .children(let reference):
            guard let parent = debug.variables.firstIndex(where: { $0.reference == reference && $0.expanded }) else { return }
            let children = Self.variables(body, scope: debug.variables[parent].scope, depth: debug.variables[parent].depth + 1)
            debug.variables.insert(contentsOf: children, at: parent + 1)
        }
    }

    private static func variables(_ body: [String: Any], scope: String, depth: Int) -> [DebugState.Variable] {
        (body["variables"] as? [[String: Any]] ?? []).map { variable in
            DebugState.Variable(scope: scope, name: variable["name"] as? String ?? "?", value: variable["value"] as? String ?? "",
                                reference: variable["variablesReference"] as? Int ?? 0, depth: depth)
        }
    }

    private func record(_ expression: String, _ value: String) {
        debug.results.removeAll { $0.expression == expression }
        debug.results.append((expression, value))
    }

    /// `/abs/project/scripts/x.py` → `scripts/x.py`.
    private func relativePath(_ path: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    // MARK: The pane

    func debuggerKey(_ key: Key) {
        switch key {
        case .character("e"): overlay = .prompt(Prompt(purpose: .evaluate, text: ""))
        case .character("w"): overlay = .prompt(Prompt(purpose: .watch, text: ""))
        default: break
        }
        if debug.stoppedThread != nil { return variablesKey(key) }
        let count = debug.listed.count
        switch key {
        case .up: debug.breakpointSelection = max(0, debug.breakpointSelection - 1)
        case .down: debug.breakpointSelection = min(max(0, count - 1), debug.breakpointSelection + 1)
        case .delete, .backspace, .character("d"): removeListedBreakpoint()
        default: break
        }
    }

    /// ↑↓ select a variable, → or Enter expands a structured one (its children fetched
    /// through DAP `variables`), ← collapses it (or goes to its parent).
    private func variablesKey(_ key: Key) {
        let count = debug.variables.count
        let i = debug.variableSelection
        switch key {
        case .up: debug.variableSelection = max(0, i - 1)
        case .down: debug.variableSelection = min(max(0, count - 1), i + 1)
        case .right, .enter:
            guard debug.variables.indices.contains(i), debug.variables[i].reference > 0, !debug.variables[i].expanded, let debugger else { return }
            debug.variables[i].expanded = true
            let reference = debug.variables[i].reference
            debug.pending[debugger.request("variables", ["variablesReference": reference])] = .children(of: reference)
        case .left:
            guard debug.variables.indices.contains(i) else { return }
            if debug.variables[i].expanded {
                collapseVariable(at: i)
            } else if let parent = debug.variables[..<i].lastIndex(where: { $0.depth < debug.variables[i].depth }) {
                debug.variableSelection = parent
                collapseVariable(at: parent)
            }
        default: break
        }
    }

    private func collapseVariable(at i: Int) {
        let depth = debug.variables[i].depth
        let end = debug.variables[(i + 1)...].firstIndex { $0.depth <= depth } ?? debug.variables.endIndex
        debug.variables.removeSubrange((i + 1)..<end)
        debug.variables[i].expanded = false
    }

    /// `e` evaluates once in the top frame (under the engine's sandbox); `w` adds a watch,
    /// evaluated now and at every stop.
    func acceptDebugExpression(_ prompt: Prompt) {
        overlay = nil
        let expression = prompt.text.trimmingCharacters(in: .whitespaces)
        guard !expression.isEmpty else { return }
        if prompt.purpose == .watch, !debug.watches.contains(expression) { debug.watches.append(expression) }
        guard debug.stoppedThread != nil else {
            return status = prompt.purpose == .watch ? "Watching \(expression): evaluated at every stop." : "Not stopped: e evaluates in a stopped frame."
        }
        evaluate(expression)
    }

    private func evaluate(_ expression: String) {
        guard let top = debug.frames.first, let debugger, debug.stoppedThread != nil else { return }
        debug.pending[debugger.request("evaluate", ["expression": expression, "frameId": top.id, "context": "watch"])] = .evaluate(expression)
    }

    func drawDebugger(into buffer: inout CellBuffer) {
        let rect = layout.problems
        guard debug.stoppedThread != nil else { return drawBreakpointList(into: &buffer) }
        // Left: the call stack; right: the top frame's variables.
        let stackWidth = min(44, rect.width / 2)
        buffer.write(" Stopped: \(debug.stopReason)", x: rect.x, y: rect.y, style: theme.warningMark, limit: rect.x + stackWidth)
        for (offset, frame) in debug.frames.prefix(rect.height - 1).enumerated() {
            let place = frame.path.map { " (\(($0 as NSString).lastPathComponent):\(frame.line))" } ?? ""
            buffer.write((offset == 0 ? " ▶ " : "   ") + frame.name + place, x: rect.x, y: rect.y + 1 + offset,
                         style: offset == 0 ? theme.text.adding(.bold) : theme.text, limit: rect.x + stackWidth)
        }
        // Right: evaluations and watches first, then the top frame's variables as a tree.
        let x = rect.x + stackWidth + 1
        let results = debug.results.map { ("⟩ " + $0.expression, $0.value) }
        for (offset, row) in results.prefix(rect.height).enumerated() {
            let end = buffer.write(row.0 + " = ", x: x, y: rect.y + offset, style: theme.key, limit: rect.maxX)
            buffer.write(row.1, x: end, y: rect.y + offset, style: theme.text, limit: rect.maxX)
        }
        let height = rect.height - min(results.count, rect.height)
        guard height > 0 else { return }
        let first = max(0, debug.variableSelection - height + 1)
        for (offset, variable) in debug.variables.dropFirst(first).prefix(height).enumerated() {
            let y = rect.y + results.count + offset
            let selected = first + offset == debug.variableSelection && focus == .problems && panelTab == .debugger
            if selected { buffer.fill(Rect(x: x, y: y, width: rect.maxX - x, height: 1), style: theme.listCursor) }
            let marker = variable.reference > 0 ? (variable.expanded ? "▾ " : "▸ ") : "  "
            let indent = String(repeating: "  ", count: variable.depth)
            let end = buffer.write(indent + marker + variable.name + " = ", x: x, y: y, style: selected ? theme.listCursor : theme.key, limit: rect.maxX)
            buffer.write(variable.value, x: end, y: y, style: selected ? theme.listCursor : theme.text, limit: rect.maxX)
        }
    }
}
