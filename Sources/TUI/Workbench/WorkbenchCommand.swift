/// Everything the workbench can do by name: the palette lists these, F1 lists their keys.
public enum WorkbenchCommand: String, CaseIterable, Sendable {
    case save, quit, palette, help, find, replace, goToLine, undo, redo, cut, copy, paste, selectAll
    case closeTab, nextTab, previousTab, nextPane, previousPane, checkProject, nextProblem
    case newFile, newFolder, rename, delete, saveAs, findInProject
    case showProblems, showLogs, showDeploys, deploy, showMocks, runAllScenarios, showFeatures
    case showDebugger, toggleBreakpoint, debugContinue, stepOver, stepInto, stepOut, stopDebugging
    case showEvents, showPatterns
    case playPause, stepEvent, stepBackEvent, playFaster, playSlower
    case breakpointCondition, logpoint, watchFeature

    public var title: String {
        switch self {
        case .save: return "Save file"
        case .quit: return "Quit"
        case .palette: return "Command palette"
        case .help: return "Show all keys"
        case .find: return "Find"
        case .replace: return "Replace"
        case .findInProject: return "Find in project"
        case .showProblems: return "Show Problems"
        case .showLogs: return "Show engine logs"
        case .showDeploys: return "Show deploys (versions, rollback)"
        case .deploy: return "Deploy to the engine (check, gate, activate)"
        case .showMocks: return "Show mock scenarios (play one on the engine)"
        case .runAllScenarios: return "Run all scenarios (failures in Problems)"
        case .showFeatures: return "Show live feature values"
        case .showDebugger: return "Show the debugger (stack, variables)"
        case .showEvents: return "Show recent events and the behaviour tree"
        case .showPatterns: return "Show patterns: NFAs and live partial matches"
        case .playPause: return "Mocks: play / pause the scenario"
        case .stepEvent: return "Mocks: step one event"
        case .stepBackEvent: return "Mocks: step back one event"
        case .playFaster: return "Mocks: play faster"
        case .playSlower: return "Mocks: play slower"
        case .toggleBreakpoint: return "Toggle a breakpoint on this script line"
        case .debugContinue: return "Continue (F5 checks the project when not stopped)"
        case .stepOver: return "Step over"
        case .stepInto: return "Step into"
        case .stepOut: return "Step out"
        case .stopDebugging: return "Stop debugging"
        case .goToLine: return "Go to line"
        case .undo: return "Undo"
        case .redo: return "Redo"
        case .cut: return "Cut"
        case .copy: return "Copy"
        case .paste: return "Paste"
        case .selectAll: return "Select all"
        case .closeTab: return "Close tab"
        case .nextTab: return "Next tab"
        case .previousTab: return "Previous tab"
        case .nextPane: return "Focus next pane"
        case .previousPane: return "Focus previous pane"
        case .checkProject: return "Check project now"
        case .nextProblem: return "Go to next problem"
        case .newFile: return "New file"
        case .newFolder: return "New folder"
        case .rename: return "Rename file or folder"
        case .delete: return "Delete file or folder"
        case .saveAs: return "Save as"
        case .breakpointCondition: return "Breakpoint condition / hit count on this script line…"
        case .logpoint: return "Logpoint on this script line (never stops)…"
        case .watchFeature: return "Watch the selected feature (pinned, its changes listed)"
        }
    }

    /// The keys that run the command anywhere (an editor may also take some keys itself).
    public var keys: [Key] {
        switch self {
        case .save: return [.control("s")]
        case .quit: return [.control("q")]
        case .palette: return [.control("p")]
        case .help: return [.function(1)]
        case .find: return [.control("f")]
        case .replace: return [.control("r")]
        case .goToLine: return [.control("g")]
        case .undo: return [.control("z")]
        case .redo: return [.control("y")]
        case .cut: return [.control("x")]
        case .copy: return [.control("c")]
        case .paste: return [.control("v")]
        case .selectAll: return [.control("a")]
        case .closeTab: return [.control("w")]
        case .nextTab: return [.alt(".")]
        case .previousTab: return [.alt(",")]
        case .nextPane: return [.tab]
        case .previousPane: return [.backTab]
        case .checkProject: return [.function(5)]
        case .nextProblem: return [.function(8)]
        case .newFile: return [.control("n")]
        case .newFolder, .delete: return []  // the tree's keys (a, A, Del), or the palette
        case .rename: return [.function(2)]
        case .saveAs: return [.alt("s")]
        case .findInProject: return [.alt("f")]
        case .showProblems: return [.alt("1")]
        case .showLogs: return [.alt("2")]
        case .showDeploys: return [.alt("3")]
        case .deploy: return [.function(6)]
        case .showMocks: return [.alt("4")]
        case .runAllScenarios: return [.function(7)]
        case .showFeatures: return [.alt("5")]
        case .showDebugger: return [.alt("8")]
        case .showEvents: return [.alt("6")]
        case .showPatterns: return [.alt("7")]
        case .toggleBreakpoint: return [.function(9)]
        case .debugContinue: return []  // F5 (checkProject's key) continues while stopped
        case .stepOver: return [.function(10)]
        case .stepInto: return [.function(11)]
        case .stepOut: return [.function(23)]  // Shift-F11
        case .stopDebugging: return [.function(17)]  // Shift-F5
        case .playPause, .stepEvent, .stepBackEvent, .playFaster, .playSlower: return []  // the Mocks pane's keys
        case .breakpointCondition: return [.function(21)]  // Shift-F9
        case .logpoint: return []
        case .watchFeature: return []  // w in the Features pane
        }
    }

    public var keyLabel: String {
        switch self {
        case .newFolder: return "A (tree)"
        case .delete: return "Del (tree)"
        case .debugContinue: return "F5 (stopped)"
        case .playPause: return "Space (Mocks)"
        case .stepEvent: return "→ (Mocks)"
        case .stepBackEvent: return "← (Mocks)"
        case .playFaster: return "+ (Mocks)"
        case .playSlower: return "- (Mocks)"
        case .watchFeature: return "w (Features)"
        case .logpoint: return "Shift-F9 log"
        default: return keys.map(\.label).joined(separator: " / ")
        }
    }

    /// The command a key runs, if any. Tab belongs to the editor while it has focus.
    public static func bound(to key: Key) -> WorkbenchCommand? {
        allCases.first { $0.keys.contains(key) }
    }
}

/// Keys that belong to one pane, for F1 and the hint bar.
enum PaneKeys {
    static let tree: [(String, String)] = [
        ("↑ ↓", "select"), ("Enter", "open file / fold folder"), ("← →", "fold / unfold"), ("a / A", "new file / folder here"),
        ("F2", "rename"), ("Del", "delete (asks first)"), ("?", "show all keys"),
    ]
    static let editor: [(String, String)] = [
        ("arrows", "move"), ("Shift-arrows", "select"), ("Ctrl-← →", "word left / right"), ("Home End", "line start / end"),
        ("Ctrl-Home End", "file start / end"), ("PgUp PgDn", "page"), ("Enter", "new line, auto-indented"),
        ("Ctrl-Shift-← →", "select by word"), ("Ctrl-D", "select word, then its next occurrence"),
        ("Ctrl-/", "comment / uncomment lines"), ("Alt-↑ ↓", "move lines up / down"),
        ("Tab", "indent with spaces"), ("Shift-Tab", "leave the editor"),
        ("mouse", "click: cursor, drag: select, double click: word, wheel: scroll"),
    ]
    static let problems: [(String, String)] = [
        ("↑ ↓ PgUp PgDn", "select"), ("Home End", "first / last"), ("Enter / click", "jump to file:line:col"),
        ("Space", "the whole message"), ("?", "show all keys"),
    ]
    static let logs: [(String, String)] = [
        ("↑ ↓ PgUp PgDn Home", "select (stops following)"), ("End / f", "follow new records / pause"), ("l", "lowest level shown"),
        ("/", "show records matching a regex"), ("Enter", "open the script line a record names"),
    ]
    static let deploys: [(String, String)] = [("F6", "deploy (asks first)"), ("↑ ↓", "select a version"), ("Enter", "roll back to it (asks first)")]
    static let mocks: [(String, String)] = [
        ("↑ ↓", "select a scenario"), ("Enter", "play it on the engine, then here on its virtual clock"), ("Space", "play / pause"),
        ("→ ←", "step one event / step back one event"), ("+ -", "speed: 1×, 10×, 100×, 1000×, max"), ("Home End", "to the start / the end"),
        ("PgUp PgDn", "scroll the records and verdicts"), ("F7", "run every scenario; failures go to Problems"),
        ("mouse", "click an event: the cursor goes there; wheel: step; double click a scenario: play it"),
    ]
    static let features: [(String, String)] = [
        ("↑ ↓", "select a feature or key"), ("→ / ←", "expand / collapse a grouped one's keys"), ("Enter", "open its definition (expands a grouped one)"),
        ("w", "watch: pinned at the top, its changes listed with their events"), ("b", "break when an event changes it (or the key)"),
        ("Space", "its lineage and changes in full"),
    ]
    static let activity: [(String, String)] = [
        ("↑ ↓", "select an event / a pattern"), ("b", "break on that event type / on the pattern's matches"),
        ("t", "Events: move between the events and the behaviour tree"), ("Enter ← →", "in the tree: fold / unfold a node"),
    ]
    static let debugger: [(String, String)] = [
        ("↑ ↓", "select a breakpoint (running) or a variable (stopped)"), ("Del", "remove the selected breakpoint"),
        ("→ Enter / ←", "expand / collapse a variable"), ("e / w", "evaluate / watch an expression"),
        ("Shift-F9", "condition, hit count or logpoint on a script line"),
    ]
    static let dialogs: [(String, String)] = [("Enter", "accept"), ("Esc", "close"), ("↑ ↓", "choose (palette)")]
}
