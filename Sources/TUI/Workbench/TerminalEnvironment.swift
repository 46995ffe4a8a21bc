import Foundation

/// The real `WorkbenchEnvironment`: timers on the event loop, project checks on a background
/// queue whose results come back through the loop's inbox, clipboard through OSC 52.
final class TerminalEnvironment: WorkbenchEnvironment {
    private weak var loop: EventLoop<Workbench>?
    private let root: String
    private let checker: ProjectChecker
    private let checkQueue = DispatchQueue(label: "featide.ide.check", qos: .utility)
    private let fileQueue = DispatchQueue(label: "featide.ide.files")
    private let engine: IDEEngine?
    private let engineQueue = DispatchQueue(label: "featide.ide.engine-commands")
    /// Plays, apart from deploys: a play a breakpoint holds must not hold a rollback too.
    private let playQueue = DispatchQueue(label: "featide.ide.play")
    private var link: EngineLink?

    init(loop: EventLoop<Workbench>, root: String, checker: @escaping ProjectChecker, engine: IDEEngine? = nil) {
        self.loop = loop
        self.root = root
        self.checker = checker
        self.engine = engine
    }

    /// Connects to the engine (off the UI thread); its news come through the inbox.
    func connectEngine() {
        guard let engine, let inbox = loop?.inbox else { return }
        let link = EngineLink(address: engine.address, tokenFile: engine.tokenFile) { inbox.post($0) }
        link.start()
        self.link = link
    }

    func disconnectEngine() { link?.stop() }

    func trackFeatures(_ names: [String]) { link?.track(names) }

    func connectDebugger() -> DebugSender? {
        guard let address = engine?.debugAdapter, let inbox = loop?.inbox else { return nil }
        return try? DebugLink(address: address) { inbox.post($0) }
    }

    func runEngineCommand(_ arguments: [String]) -> Bool {
        guard let engine, let inbox = loop?.inbox else { return false }
        engineQueue.async {
            let (succeeded, output) = engine.run(arguments)
            inbox.post(.engineCommandFinished(command: arguments.joined(separator: " "), succeeded: succeeded, output: output))
        }
        return true
    }

    func playScenario(_ name: String) -> Bool {
        guard let engine, let inbox = loop?.inbox else { return false }
        playQueue.async { inbox.post(engine.play(name)) }
        return true
    }

    func schedule(_ timer: WorkbenchTimer, afterMilliseconds milliseconds: Int) {
        loop?.schedule(timer, afterMilliseconds: milliseconds)
    }

    func startCheck(overlays: [String: String], generation: Int) {
        guard let inbox = loop?.inbox else { return }
        let root = root, checker = checker
        checkQueue.async {
            inbox.post(.problems(generation: generation, checker(root, overlays)))
        }
    }

    func runFileWork(_ work: @escaping @Sendable () -> WorkbenchMessage?) {
        guard let inbox = loop?.inbox else { return }
        fileQueue.async {
            if let message = work() { inbox.post(message) }
        }
    }

    /// Waits for queued file work, so quitting never cuts a swap write or removal short.
    func finishFileWork() {
        fileQueue.sync {}
    }

    func copyToSystemClipboard(_ text: String) {
        loop?.backend.sendControlSequence("\u{1b}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}")
    }
}

/// Opens the IDE on a project in this terminal and returns when the user quits.
public enum IDE {
    /// `openFile` (project-relative) is opened in the editor unless recovery is being offered.
    /// `onlyFile`: a file outside any project, shown alone (its folder is not loaded as a project).
    /// `engine`: the project's engine, which the IDE follows (logs, versions) and deploys to.
    public static func run(projectRoot: String, openFile: String? = nil, onlyFile: String? = nil, engine: IDEEngine? = nil,
                           checker: @escaping ProjectChecker) {
        let backend = NcursesBackend()
        defer { backend.shutdown() }
        let useColor = backend.supports256Colors && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let loop = EventLoop<Workbench>(backend: backend)
        let environment = TerminalEnvironment(loop: loop, root: projectRoot, checker: checker, engine: engine)
        let workbench = Workbench(root: projectRoot, theme: useColor ? .colors256 : .monochrome, environment: environment, onlyFile: onlyFile)
        workbench.debugTokenFile = engine?.tokenFile
        workbench.handle(.resize(backend.size))
        workbench.start()
        environment.connectEngine()
        defer { environment.disconnectEngine() }
        if let openFile = openFile ?? onlyFile, !workbench.isAsking { workbench.openFile(openFile) }
        loop.run(workbench)
        environment.finishFileWork()
        // Buffers still unsaved here were discarded on purpose (the quit dialog); the swap
        // timer may not have fired for the last keystrokes, which is fine: they were discarded.
    }
}
