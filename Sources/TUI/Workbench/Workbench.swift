import EngineProtocol
import Foundation

/// The IDE's state and behaviour: project tree | editor tabs | Problems, with dialogs on top.
/// Lives on the UI thread; input arrives through `handle`, results of background work through
/// `receive`, and the screen is drawn by `render`. Everything else it needs from the outside
/// goes through `WorkbenchEnvironment`, so tests drive it without a terminal.
public final class Workbench: LoopApplication {
    public enum Pane: CaseIterable { case tree, editor, problems }

    public let root: String
    public var theme: Theme
    let environment: WorkbenchEnvironment
    let swaps: SwapStore

    public internal(set) var tree: ProjectTree
    public internal(set) var tabs: [EditorTab] = []
    public internal(set) var activeTabIndex = 0
    public internal(set) var focus: Pane = .tree
    public internal(set) var problems: [Problem] = []
    var problemsSelection = 0
    var problemsScroll = 0
    var overlay: Overlay?
    public internal(set) var status: String?
    var clipboard = ""
    var lastFind = FindQuery(text: "")
    var checkGeneration = 0
    /// The bottom panel's tab, and what the engine panes show (Workbench+Panel).
    public internal(set) var panelTab: PanelTab = .problems
    public internal(set) var engineState: EngineState = .none
    var logs = LogList()
    var logSelection = 0
    var logScroll = 0
    var followingLogs = true
    public internal(set) var deployments: [DeploymentInfo] = []
    /// Problems from the last check, and failed expectations from the last scenario run.
    var checkedProblems: [Problem] = []
    var scenarioProblems: [Problem] = []
    var mockSelection = 0
    /// The scenario player and what the Mocks pane shows (Workbench+Mocks).
    var mocks = MocksState()
    /// The features' values now, and each one's recent numeric values (for sparklines).
    var featureValues: [ValuesResult.Feature] = []
    var featureHistory: [String: [Double]] = [:]
    var featureSelection = 0
    /// The engine's recent events, behaviour tree and patterns, as last inspected.
    var inspected = InspectResult(recentEvents: [], tree: [], patterns: [])
    var patternSelection = 0
    /// The Features pane's expanded, watched and tracked features (Workbench+Features).
    var featuresPane = FeaturesPaneState()
    /// The Events pane's selected event, counted from the newest.
    var eventSelection = 0
    /// The Events pane's behaviour tree: its folds, whether `t` moved the selection into it,
    /// and its selected row (from the top of the rows shown; past the end means the newest).
    var eventsTree = CollapsibleTree()
    var eventsTreeFocused = false
    var eventsTreeSelection = Int.max
    /// The debug session (Workbench+Debugger) and its connection, once opened.
    var debug = DebugState()
    var debugger: DebugSender?
    /// The engine's token, which the debug adapter's `attach` needs.
    public var debugTokenFile: String?
    var deploySelection = 0
    var engineCommandOutput: [String] = []
    var engineCommandRunning: String?
    /// Every project file's stamp when last looked at, to notice other programs' changes.
    var projectStamps: [String: FileStamp] = [:] { didSet { scenarioNamesRead = nil } }
    /// The scenarios under mocks/, read once per change of the project's files (Mocks pane).
    var scenarioNamesRead: [String]?
    public private(set) var wantsToQuit = false
    /// Where each pane was drawn last, for mouse hits and page sizes.
    public internal(set) var layout = WorkbenchLayout(size: Size(width: 80, height: 24))

    /// - Parameter onlyFile: a file opened outside any project (its folder is not one): the
    ///   workbench shows it alone and runs no project checks.
    public init(root: String, theme: Theme, environment: WorkbenchEnvironment, onlyFile: String? = nil) {
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
        self.theme = theme
        self.environment = environment
        swaps = SwapStore(projectRoot: self.root)
        tree = ProjectTree(root: self.root, onlyFile: onlyFile)
        projectStamps = tree.fileStamps()
    }

    /// First steps: offer recovery, check the project, watch the disk. The check is a timer
    /// due at once, so it starts after the first frame instead of competing with it for a core.
    public func start() {
        offerRecovery()
        if overlay == nil { offerProjectInEmptyFolder() }
        environment.schedule(.check, afterMilliseconds: 0)
        environment.schedule(.diskCheck, afterMilliseconds: 1000)
    }

    /// True while a dialog waits for an answer (recovery at start, quit, overwrite).
    public var isAsking: Bool {
        if case .confirm = overlay { return true }
        return false
    }

    public var activeTab: EditorTab? { tabs.indices.contains(activeTabIndex) ? tabs[activeTabIndex] : nil }

    func quit() { wantsToQuit = true }

    // MARK: LoopApplication

    public func handle(_ event: InputEvent) {
        switch event {
        case .resize(let size):
            layout = WorkbenchLayout(size: size)
            fitScrollPositions()
        case .paste(let text):
            handlePaste(text)
        case .mouse(let mouse):
            handleMouse(mouse)
        case .key(let key):
            status = nil
            if overlay != nil {
                handleOverlayKey(key)
            } else {
                handleKey(key)
            }
        }
    }

    public func receive(_ message: WorkbenchMessage) {
        switch message {
        case .debugMessage(let body):
            receiveDebugMessage(body)
        case .played, .playFailed:
            receivePlay(message)
        case .engine, .deployments, .logs, .engineCommandFinished, .values, .inspected:
            receiveFromEngine(message)
        case .problems(let generation, let found):
            guard generation == checkGeneration else { return }  // a newer check is on its way
            checkedProblems = found
            mergeProblems()
        case .swapFailed(let path, let reason):
            status = "Could not write the swap file for \(path): \(reason)"
        }
    }

    public func timerFired(_ timer: WorkbenchTimer) {
        switch timer {
        case .swap: writeSwaps()
        case .check: requestCheck()
        case .diskCheck:
            checkDisk()
            environment.schedule(.diskCheck, afterMilliseconds: 1000)
        case .playback: playbackTick()
        }
    }

    // MARK: Keys

    func handleKey(_ key: Key) {
        if focus == .editor, activeTab != nil, key == .tab { return editorKey(key) }
        if let command = WorkbenchCommand.bound(to: key) { return run(command) }
        // `?` shows every key where it cannot be text (SPEC §11: F1 or ?).
        if key == .character("?"), focus != .editor || activeTab == nil { return run(.help) }
        switch focus {
        case .tree: treeKey(key)
        case .editor: editorKey(key)
        case .problems: panelKey(key)
        }
    }

    public func run(_ command: WorkbenchCommand) {
        switch command {
        case .save: saveActiveTab()
        case .quit: requestQuit()
        case .palette: overlay = .palette(PaletteState())
        case .help: overlay = .help(scroll: 0)
        case .find: openFindPrompt(.find)
        case .replace: openFindPrompt(.replaceFind)
        case .findInProject: openFindInProject()
        case .showProblems: showPanel(.problems)
        case .showLogs: showPanel(.logs)
        case .showDeploys: showPanel(.deploys)
        case .deploy: requestDeploy()
        case .showMocks: showPanel(.mocks)
        case .runAllScenarios: runAllScenarios()
        case .showFeatures: showPanel(.features)
        case .showDebugger: showPanel(.debugger)
        case .showEvents: showPanel(.events)
        case .showPatterns: showPanel(.patterns)
        case .toggleBreakpoint: toggleBreakpoint()
        case .playPause, .stepEvent, .stepBackEvent, .playFaster, .playSlower: playerCommand(command)
        case .debugContinue: if !resume("continue") { status = "Not stopped." }
        case .stepOver: if !resume("next") { status = "Not stopped." }
        case .stepInto: if !resume("stepIn") { status = "Not stopped." }
        case .stepOut: if !resume("stepOut") { status = "Not stopped." }
        case .stopDebugging: stopDebugging()
        case .breakpointCondition: openBreakpointPrompt(log: false)
        case .logpoint: openBreakpointPrompt(log: true)
        case .watchFeature: toggleWatchOfSelectedFeature()
        case .goToLine: openPrompt(.goToLine, text: "")
        case .undo, .redo, .cut, .copy, .paste, .selectAll: editorCommand(command)
        case .closeTab: requestCloseTab()
        case .nextTab: switchTab(by: 1)
        case .previousTab: switchTab(by: -1)
        case .nextPane: moveFocus(by: 1)
        case .previousPane: moveFocus(by: -1)
        case .checkProject: if !resume("continue") { requestCheck() }
        case .nextProblem: jumpToNextProblem()
        case .newFile: promptForPath(.newFile, text: folderForNewEntries)
        case .newFolder: promptForPath(.newFolder, text: folderForNewEntries)
        case .rename: requestRename()
        case .delete: requestDelete()
        case .saveAs: requestSaveAs()
        }
    }

    func moveFocus(by delta: Int) {
        let panes = Pane.allCases
        let index = panes.firstIndex(of: focus)!
        focus = panes[(index + delta + panes.count) % panes.count]
    }

    func switchTab(by delta: Int) {
        guard !tabs.isEmpty else { return }
        activeTabIndex = (activeTabIndex + delta + tabs.count) % tabs.count
        focus = .editor
    }

    func openPrompt(_ purpose: Prompt.Purpose, text: String) {
        guard activeTab != nil else {
            status = "Open a file first (Enter in the tree, or Ctrl-P)."
            return
        }
        focus = .editor
        overlay = .prompt(Prompt(purpose: purpose, text: text))
    }

    // MARK: Tree

    func treeKey(_ key: Key) {
        switch key {
        case .up: tree.moveSelection(by: -1)
        case .down: tree.moveSelection(by: 1)
        case .pageUp: tree.moveSelection(by: -max(1, layout.tree.height - 1))
        case .pageDown: tree.moveSelection(by: max(1, layout.tree.height - 1))
        case .home: tree.selectedIndex = 0
        case .end: tree.moveSelection(by: tree.rows.count)
        case .left:
            if let row = tree.selectedRow, row.isFolder { tree.setExpanded(row.path, false) }
        case .right:
            if let row = tree.selectedRow, row.isFolder { tree.setExpanded(row.path, true) }
        case .character("a"): run(.newFile)
        case .character("A"): run(.newFolder)
        case .delete: run(.delete)
        case .enter, .character(" "):
            guard let row = tree.selectedRow else { return }
            if row.isFolder { tree.toggle(row.path) } else { openFile(row.path) }
        default: break
        }
    }

    // MARK: Diagnostics

    /// Checks the project as saved plus every unsaved buffer, off the UI thread.
    func requestCheck() {
        guard tree.onlyFile == nil else { return }  // no project to check
        checkGeneration += 1
        var overlays: [String: String] = [:]
        for tab in tabs where tab.document.isModified { overlays[tab.document.path] = tab.document.text }
        environment.startCheck(overlays: overlays, generation: checkGeneration)
    }
}
