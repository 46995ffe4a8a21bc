import EngineProtocol
import Foundation

/// The bottom panel's tabs (Alt-1…8): Problems, Logs, Deploys, Mocks, Features, Events,
/// Patterns, Debug — each in its own Workbench extension. Tab reaches the panel.
public enum PanelTab: CaseIterable, Sendable {
    case problems, logs, deploys, mocks, features, events, patterns, debugger
}

extension Workbench {
    func showPanel(_ tab: PanelTab) {
        panelTab = tab
        focus = .problems
        trackShownFeatures()
    }

    func panelKey(_ key: Key) {
        switch panelTab {
        case .problems: problemsKey(key)
        case .logs: logsKey(key)
        case .deploys: deploysKey(key)
        case .mocks: mocksKey(key)
        case .features: featuresKey(key)
        case .debugger: debuggerKey(key)
        case .events: eventsKey(key)
        case .patterns: patternsKey(key)
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
                mocks.showsRunAll = true
                scenarioProblems = ScenarioResults.failures(in: output)
                mergeProblems()
            }
            status = "\(command) \(succeeded ? "done" : "refused"): " + (output.last(where: { !$0.isEmpty }) ?? "")
        default: break
        }
    }

    /// The panel's title row: every tab, the shown one marked.
    func drawPanelTitle(into buffer: inout CellBuffer) {
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        let titles: [(PanelTab, String)] = [
            (.problems, " PROBLEMS \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") "),
            (.logs, " LOGS \(logs.shown.count)\(followingLogs ? "" : " (paused)") "),
            (.deploys, " DEPLOYS" + (deployments.first(where: \.active).map { " v\($0.version)" } ?? "") + (engineCommandRunning.map { " (\($0)…)" } ?? "") + " "),
            (.mocks, mocksTitle),
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
