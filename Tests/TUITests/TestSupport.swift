import Foundation
import TUI
import XCTest

/// A `WorkbenchEnvironment` that records what the workbench asks for; tests fire timers and
/// deliver check results themselves, so nothing depends on wall-clock time.
final class RecordingEnvironment: WorkbenchEnvironment {
    var scheduled: Set<WorkbenchTimer> = []
    var pendingChecks: [(overlays: [String: String], generation: Int)] = []
    var systemClipboard: [String] = []
    let root: String
    let checker: ProjectChecker

    init(root: String, checker: @escaping ProjectChecker = FixtureProject.checker) {
        self.root = root
        self.checker = checker
    }

    func schedule(_ timer: WorkbenchTimer, afterMilliseconds milliseconds: Int) { scheduled.insert(timer) }

    func startCheck(overlays: [String: String], generation: Int) { pendingChecks.append((overlays, generation)) }

    func copyToSystemClipboard(_ text: String) { systemClipboard.append(text) }

    /// Engine commands asked for (deploy, rollback, play, test), when `hasEngine`.
    var hasEngine = false
    var engineCommands: [[String]] = []
    func runEngineCommand(_ arguments: [String]) -> Bool {
        guard hasEngine else { return false }
        engineCommands.append(arguments)
        return true
    }

    /// Scenarios the engine was asked to play (when `hasEngine`); the test answers.
    var plays: [String] = []
    func playScenario(_ name: String) -> Bool {
        guard hasEngine else { return false }
        plays.append(name)
        return true
    }

    /// The debug adapter the workbench connects to, when set: it records the requests.
    var debugger: RecordingDebugger?
    func connectDebugger() -> DebugSender? { debugger }

    /// What the workbench asked the engine to track, each time it changed.
    var trackedFeatures: [[String]] = []
    func trackFeatures(_ names: [String]) { trackedFeatures.append(names) }

    /// File work runs at once, so tests can look at the disk right after.
    var fileWorkMessages: [WorkbenchMessage] = []
    func runFileWork(_ work: @escaping @Sendable () -> WorkbenchMessage?) {
        if let message = work() { fileWorkMessages.append(message) }
    }

    /// Runs the checks asked for so far and hands the results back, as the loop would.
    func finishChecks(_ workbench: Workbench) {
        let checks = pendingChecks
        pendingChecks.removeAll()
        for check in checks { workbench.receive(.problems(generation: check.generation, checker(root, check.overlays))) }
    }
}

/// Stands in for the engine's debug adapter: keeps each request, answers nothing by itself
/// (a test hands the workbench the adapter's messages).
final class RecordingDebugger: DebugSender {
    struct Request {
        var seq: Int
        var command: String
        var arguments: [String: Any]
    }

    var requests: [Request] = []
    var closed = false

    @discardableResult func request(_ command: String, _ arguments: [String: Any]) -> Int {
        requests.append(Request(seq: requests.count + 1, command: command, arguments: arguments))
        return requests.count
    }

    func close() { closed = true }

    /// The last request of a command, as JSON text with sorted keys (easy to compare).
    func last(_ command: String) -> String? {
        guard let request = requests.last(where: { $0.command == command }),
              let data = try? JSONSerialization.data(withJSONObject: request.arguments, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The adapter's message as the workbench receives it.
    static func message(_ object: [String: Any]) -> WorkbenchMessage {
        .debugMessage(try! JSONSerialization.data(withJSONObject: object))
    }

    static func response(to seq: Int, _ command: String, _ body: [String: Any]) -> WorkbenchMessage {
        message(["type": "response", "request_seq": seq, "success": true, "command": command, "body": body])
    }
}

/// A small project written to a temporary folder for each test.
enum FixtureProject {
    static let files: [String: String] = [
        "featide.yaml": "kind: project\nname: demo\nversion: 1.0.0\n",
        "features/clicks.yaml": """
            # Clicks on the home page.
            kind: feature
            name: home_clicks
            on: click
            where: page == "home"
            agg: count
            window: {sliding: 10m}

            """,
        "scripts/score.py": "def decide(ctx):\n    if ctx[\"clicks\"] > 3:\n        return {\"show\": True}\n    return None\n",
        "data/sample.json": "{\"page\": \"home\", \"price\": 12.5, \"tags\": [\"a\", null]}\n",
    ]

    static func make() throws -> String {
        // The folder's name shows in the title bar, so it is the same in every run.
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-tui-\(UUID().uuidString)/demo").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    /// Stands in for the loader: any line holding `windw` is an unknown key, any `TODO` a warning.
    static let checker: ProjectChecker = { root, overlays in
        var problems: [Problem] = []
        for path in files.keys.sorted() {
            let text = overlays[path] ?? (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? ""
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if let range = line.range(of: "windw") {
                    problems.append(Problem(severity: .error, file: path, line: index + 1,
                                            column: line.distance(from: line.startIndex, to: range.lowerBound) + 1,
                                            message: "unknown key 'windw'; did you mean 'window'?"))
                }
                if line.contains("TODO") {
                    problems.append(Problem(severity: .warning, file: path, line: index + 1, column: 1, message: "unfinished: TODO"))
                }
            }
        }
        return problems
    }
}

/// A workbench on the fixture project with a text backend-sized screen.
struct WorkbenchHarness {
    let root: String
    let environment: RecordingEnvironment
    let workbench: Workbench
    let size: Size

    init(size: Size = Size(width: 80, height: 24), root: String? = nil, onlyFile: String? = nil) throws {
        self.root = try root ?? FixtureProject.make()
        self.size = size
        environment = RecordingEnvironment(root: self.root)
        workbench = Workbench(root: self.root, theme: .monochrome, environment: environment, onlyFile: onlyFile)
        workbench.handle(.resize(size))
        workbench.start()
        workbench.timerFired(.check)
        environment.finishChecks(workbench)
    }

    func keys(_ keys: Key...) {
        for key in keys { workbench.handle(.key(key)) }
    }

    func type(_ text: String) {
        for character in text { workbench.handle(.key(character == "\n" ? .enter : .character(character))) }
    }

    /// The screen as the user would read it, through the text backend, with the hardware
    /// cursor's cell on a last line (so goldens pin where typing would go).
    var screen: String {
        let backend = TextBackend(size: size)
        var buffer = CellBuffer(size: size)
        backend.present(buffer, cursor: workbench.render(into: &buffer))
        backend.present(buffer, cursor: backend.cursor)
        let cursor = backend.cursor.map { "cursor at column \($0.x), row \($0.y)" } ?? "cursor hidden"
        return backend.screen + "\n" + cursor
    }

    var cursor: Point? {
        var buffer = CellBuffer(size: size)
        return workbench.render(into: &buffer)
    }

    func file(_ path: String) -> String? { try? String(contentsOfFile: root + "/" + path, encoding: .utf8) }

    /// The swap files in the project, of every IDE.
    var swapFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/.featide/swap")) ?? []).filter { $0.hasSuffix(".swp") }.sorted()
    }
}

/// Compares a screen with `Golden/<name>.txt`; `UPDATE_GOLDEN=1` rewrites the file instead.
func assertGolden(_ screen: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try? Data((screen + "\n").utf8).write(to: url)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden screen \(url.path); run with UPDATE_GOLDEN=1 to record it", file: file, line: line)
        return
    }
    XCTAssertEqual(screen + "\n", expected, "screen differs from Golden/\(name).txt", file: file, line: line)
}
