import EngineProtocol
import Foundation

/// The bottom panel's tabs: Problems, Logs (the engine's records, live) and Deploys (versions,
/// deploy with F6, rollback with Enter). Alt-1/2/3 switch; Tab reaches the panel.
public enum PanelTab: CaseIterable, Sendable {
    case problems, logs, deploys, mocks, features, events, patterns, debugger
}

extension Workbench {
    func showPanel(_ tab: PanelTab) {
        panelTab = tab
        focus = .problems
    }

    func panelKey(_ key: Key) {
        switch panelTab {
        case .problems: problemsKey(key)
        case .logs: logsKey(key)
        case .deploys: deploysKey(key)
        case .mocks: mocksKey(key)
        case .features: featuresKey(key)
        case .debugger: debuggerKey(key)
        case .events: break
        case .patterns:
            if key == .up { patternSelection = max(0, patternSelection - 1) }
            if key == .down { patternSelection = min(max(0, inspected.patterns.count - 1), patternSelection + 1) }
        }
    }

    // MARK: Messages from the engine

    func receiveFromEngine(_ message: WorkbenchMessage) {
        switch message {
        case .engine(let state): engineState = state
        case .deployments(let list): deployments = list.sorted { $0.version > $1.version }
        case .values(let result): recordValues(result)
        case .inspected(let result): inspected = result
        case .logs(let lines, let replacing):
            if replacing { logs.replace(with: lines) } else { logs.append(lines) }
            if followingLogs { logSelection = max(0, logs.shown.count - 1) }
            logSelection = min(logSelection, max(0, logs.shown.count - 1))
        case .engineCommandFinished(let command, let succeeded, let output):
            engineCommandRunning = nil
            engineCommandOutput = output
            if command == "deploy --plan" { return planned(succeeded: succeeded, output) }
            if command == "test" {
                scenarioProblems = ScenarioResults.failures(in: output)
                mergeProblems()
            }
            status = "\(command) \(succeeded ? "done" : "refused"): " + (output.last(where: { !$0.isEmpty }) ?? "")
        default: break
        }
    }

    // MARK: Logs

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

    // MARK: Deploys

    /// F6: check, gate and plan first (`featide deploy --plan`); the answer asks to confirm.
    func requestDeploy() {
        guard tree.onlyFile == nil else { return status = "A single file has no engine to deploy to." }
        guard engineCommandRunning == nil else { return status = "\(engineCommandRunning!) is running." }
        showPanel(.deploys)
        guard environment.runEngineCommand(["deploy", "--plan"]) else { return status = "This IDE has no engine (open a project folder)." }
        engineCommandRunning = "plan"
        engineCommandOutput = ["Checking, gating on the scenarios, planning…"]
        status = "Planning the deploy…"
    }

    /// The plan is known: the gate's results and what changes, then deploy or not.
    private func planned(succeeded: Bool, _ output: [String]) {
        guard succeeded else {
            // The CLI's own verdict (`deploy refused: …`), else its last line.
            let verdict = output.last(where: { $0.contains("refused") }) ?? output.last(where: { !$0.isEmpty }) ?? "see the Deploys pane"
            status = "Deploy refused: " + verdict.replacingOccurrences(of: "featide: deploy refused: ", with: "")
            return
        }
        overlay = .confirm(Confirmation(
            title: "Deploy to the engine?",
            lines: output.filter { $0.hasPrefix("gate:") || $0.hasPrefix("plan:") || $0.hasPrefix("would deploy") },
            choices: [.init(key: "y", label: "Deploy", action: .deploy), .init(key: "n", label: "Not now", action: .cancel)]))
    }

    func deploy() {
        guard environment.runEngineCommand(["deploy"]) else { return status = "This IDE has no engine (open a project folder)." }
        engineCommandRunning = "deploy"
        engineCommandOutput = ["Deploying…"]
        status = "Deploying: check, gate, activate…"
    }

    func rollBack(to version: Int) {
        guard environment.runEngineCommand(["rollback", "--to", String(version)]) else { return status = "This IDE has no engine." }
        engineCommandRunning = "rollback"
        engineCommandOutput = ["Rolling back to version \(version)…"]
    }

    func deploysKey(_ key: Key) {
        switch key {
        case .up: deploySelection = max(0, deploySelection - 1)
        case .down: deploySelection = min(max(0, deployments.count - 1), deploySelection + 1)
        case .enter:
            guard deployments.indices.contains(deploySelection) else { return }
            let target = deployments[deploySelection]
            guard !target.active else { return status = "Version \(target.version) is live already." }
            overlay = .confirm(Confirmation(
                title: "Roll back to version \(target.version)?",
                lines: ["Version \(target.version) (\(target.contentHash)) goes live again; features defined the same keep their state."],
                choices: [.init(key: "y", label: "Roll back", action: .rollBack(target.version)), .init(key: "n", label: "Not now", action: .cancel)]))
        default: break
        }
    }

    func drawDeploys(into buffer: inout CellBuffer) {
        let rect = layout.problems
        var y = rect.y
        if deployments.isEmpty {
            buffer.write("  Nothing deployed yet. F6 deploys this project.", x: rect.x, y: y, style: theme.lineNumber, limit: rect.maxX)
            y += 1
        }
        let listRows = max(1, min(deployments.count, rect.height - min(engineCommandOutput.count, rect.height / 2)))
        let first = max(0, deploySelection - listRows + 1)
        for (offset, info) in deployments.dropFirst(first).prefix(listRows).enumerated() where y < rect.maxY {
            let selected = first + offset == deploySelection
            let style = selected ? (focus == .problems ? theme.selection : theme.listCursor) : theme.text
            if selected { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            let gate = info.gate.isEmpty ? "no gate" : info.gate.joined(separator: "; ")
            buffer.write(" \(info.active ? "●" : " ") version \(info.version)  \(info.contentHash)  \(TimeOfDay.text(info.deployedAt))  \(gate)",
                         x: rect.x, y: y, style: style, limit: rect.maxX)
            y += 1
        }
        for line in engineCommandOutput.suffix(max(0, rect.maxY - y)) where y < rect.maxY {
            buffer.write("   " + line, x: rect.x, y: y, style: theme.lineNumber, limit: rect.maxX)
            y += 1
        }
    }

    /// The panel's title row: the three tabs, the focused one marked.
    func drawPanelTitle(into buffer: inout CellBuffer) {
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        let titles: [(PanelTab, String)] = [
            (.problems, " PROBLEMS \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") "),
            (.logs, " LOGS \(logs.shown.count)\(followingLogs ? "" : " (paused)") "),
            (.deploys, " DEPLOYS" + (deployments.first(where: \.active).map { " v\($0.version)" } ?? "") + (engineCommandRunning.map { " (\($0)…)" } ?? "") + " "),
            (.mocks, " MOCKS "),
            (.features, " FEATURES "),
            (.events, " EVENTS "),
            (.patterns, " PATTERNS "),
            (.debugger, " DEBUG" + (debug.stoppedThread != nil ? " (stopped)" : "") + " "),
        ]
        buffer.fill(layout.problemsTitle, style: theme.border)
        buffer.write(String(repeating: "─", count: layout.problemsTitle.width), x: 0, y: layout.problemsTitle.y, style: theme.border)
        var x = 1
        for (tab, title) in titles {
            let style = tab == panelTab ? (focus == .problems ? theme.focusedPaneTitle : theme.paneTitle) : theme.border
            x = buffer.write(title, x: x, y: layout.problemsTitle.y, style: style) + 1
        }
    }
}

extension EngineState {
    var isConnected: Bool { if case .connected = self { true } else { false } }
}

/// Engine times (ms since the epoch) as the panes show them: UTC time of day.
enum TimeOfDay {
    static func text(_ ms: Int64) -> String {
        let day = ((ms % 86_400_000) + 86_400_000) % 86_400_000
        return String(format: "%02d:%02d:%02d.%03d", day / 3_600_000, day / 60_000 % 60, day / 1000 % 60, day % 1000)
    }
}
