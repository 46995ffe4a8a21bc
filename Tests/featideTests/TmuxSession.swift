import EngineProtocol
import Foundation
import XCTest

/// Drives a program in a detached tmux session on its own socket, the way a user at a
/// 120×40 terminal would: send keys, wait for the screen to settle, read it as text.
final class TmuxSession {
    let socket: String
    private(set) var isRunning = false

    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || which("tmux") != nil }

    init(name: String) {
        socket = "featide-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
    }

    deinit { kill() }

    /// Starts `command` (run with `exec`, so the pane's process is the program itself).
    func start(_ command: String, width: Int = 120, height: Int = 40) throws {
        try tmux(capturingOutput: false, ["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main",
                  "-e", "LANG=C.UTF-8", "-e", "TERM=tmux-256color", command])
        isRunning = true
    }

    func kill() {
        guard isRunning else { return }
        _ = try? tmux(["kill-server"])
        isRunning = false
        // tmux can leave the socket file behind; do not litter the shared tmux folder.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }

    /// Keys by tmux name (`Enter`, `C-s`, `Down`, `BSpace`).
    func press(_ keys: String...) throws { try tmux(["send-keys", "-t", "main"] + keys) }

    /// Text typed literally, character by character.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", "main", "-l", text]) }

    /// Pastes through tmux's buffer with bracketed-paste markers, as a terminal paste does.
    func paste(_ text: String) throws {
        try tmux(["set-buffer", "-b", "clip", text])
        try tmux(["paste-buffer", "-p", "-b", "clip", "-t", "main"])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", "main"])) ?? "" }

    var panePID: Int32? {
        (try? tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"])).flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Polls until the screen holds `text` and then stops changing. The cap is generous and
    /// only ends a hung run; the assertion is about what the screen shows.
    @discardableResult
    func waitFor(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        waitUntil(file: file, line: line, "'\(text)'") { $0.contains(text) }
    }

    /// Presses a key whose escape sequence a loaded machine may deliver in pieces (F-keys,
    /// Alt-keys), again until the screen shows `text` (at most 4 times, 3 s apart).
    @discardableResult
    func press(_ key: String, until text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        for _ in 0..<3 {
            try press(key)
            for _ in 0..<60 {
                if screen.contains(text) { return settle() }
                usleep(50_000)
            }
        }
        try press(key)
        return waitFor(text, file: file, line: line)
    }

    @discardableResult
    func waitUntil(file: StaticString = #filePath, line: UInt = #line, _ what: String, _ condition: (String) -> Bool) -> String {
        var last = ""
        for _ in 0..<600 {
            last = screen
            if condition(last) { return settle() }
            usleep(50_000)
        }
        XCTFail("screen never showed \(what); last screen:\n\(last)", file: file, line: line)
        return last
    }

    /// Waits until three captures 50 ms apart agree.
    @discardableResult
    func settle() -> String {
        var previous = screen, stable = 0
        for _ in 0..<200 where stable < 2 {
            usleep(50_000)
            let current = screen
            stable = current == previous ? stable + 1 : 0
            previous = current
        }
        return previous
    }

    @discardableResult
    private func tmux(capturingOutput: Bool = true, _ arguments: [String]) throws -> String {
        let path = Self.which("tmux") ?? "/usr/bin/tmux"
        return try Self.spawn([path, "-u", "-L", socket] + arguments, capturingOutput: capturingOutput)
    }

    /// posix_spawn and waitpid, not Foundation's Process: the server that `new-session` forks
    /// keeps inherited descriptors, and Process then never reports the client's exit.
    private static func spawn(_ argv: [String], capturingOutput: Bool) throws -> String {
        var fileActions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&fileActions)
        defer { posix_spawn_file_actions_destroy(&fileActions) }
        var descriptors: [Int32] = [-1, -1]
        if capturingOutput {
            guard pipe(&descriptors) == 0 else { throw POSIXError(.EMFILE) }
            posix_spawn_file_actions_adddup2(&fileActions, descriptors[1], 1)
            posix_spawn_file_actions_addclose(&fileActions, descriptors[0])
            posix_spawn_file_actions_addclose(&fileActions, descriptors[1])
        } else {
            posix_spawn_file_actions_addopen(&fileActions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&fileActions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&fileActions, 0, "/dev/null", O_RDONLY, 0)
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { for argument in cArguments { free(argument) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, argv[0], &fileActions, nil, &cArguments, environ)
        if capturingOutput { close(descriptors[1]) }
        guard status == 0 else {
            if capturingOutput { close(descriptors[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: status) ?? .ENOENT)
        }
        var output: [UInt8] = []
        if capturingOutput {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = read(descriptors[0], &chunk, chunk.count)
                if count <= 0 { break }
                output.append(contentsOf: chunk[0..<count])
            }
            close(descriptors[0])
        }
        var exitStatus: Int32 = 0
        while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    private static func which(_ program: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let path = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// A scratch copy of `projects/shopping` for one test.
struct ShoppingCopy {
    let root: String

    init() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("featide-ide-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        root = parent.appendingPathComponent("shopping").path
        try FileManager.default.copyItem(atPath: PackageRoot.path + "/projects/shopping", toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)) ?? "" }

    /// The tree's row of a file: folders first, then files, by name, all folders open.
    func treeRow(of target: String) -> Int? {
        var index = 0
        func walk(_ folder: String) -> Int? {
            let absolute = folder.isEmpty ? root : root + "/" + folder
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []).filter { !$0.hasPrefix(".") }
            let entries = names.map { name -> (String, Bool) in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: absolute + "/" + name, isDirectory: &isDirectory)
                return (name, isDirectory.boolValue)
            }.sorted { ($0.1 ? 0 : 1, $0.0) < ($1.1 ? 0 : 1, $1.0) }
            for (name, isFolder) in entries {
                let path = folder.isEmpty ? name : folder + "/" + name
                if path == target { return index }
                index += 1
                if isFolder, let found = walk(path) { return found }
            }
            return nil
        }
        return walk("")
    }

    /// Stops the project's local engine (the IDE starts one) and deletes the copy.
    func remove() {
        LocalEngineProcess.stop(state: root + "/.featide/engine")
        try? FileManager.default.removeItem(atPath: (root as NSString).deletingLastPathComponent)
    }
}

/// A project's local engine, as the IDE or a command started it (it outlives them).
enum LocalEngineProcess {
    /// SIGTERM to the supervisor (its serving child ends with it); nothing if none runs.
    static func stop(state: String) {
        // The IDE starts it in the background: once it has begun (its log exists), wait until
        // it answers, so a test that ends quickly does not leave it starting behind.
        if FileManager.default.fileExists(atPath: state + "/engine.log") {
            for _ in 0..<200 where (try? EngineClient(address: .unix(state + "/engine.sock"))) == nil { usleep(25_000) }
        }
        guard let client = try? EngineClient(address: .unix(state + "/engine.sock")),
              (try? client.authenticate(tokenFile: state + "/token")) != nil,
              let pid = try? client.call(.status, Empty(), as: StatusResult.self).pid else { return }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // Fields after the command name (which may hold spaces): state, then the parent's pid.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        if fields.count > 1, let parent = Int32(fields[1]), parent > 1 { kill(parent, SIGTERM) }
        kill(pid, SIGTERM)
    }
}

/// A test case with a tmux session and a fresh copy of projects/shopping (its local engine
/// stopped afterwards); skipped where tmux is missing.
class ShoppingTmuxTestCase: XCTestCase {
    var session: TmuxSession!
    var project: ShoppingCopy!

    override func setUpWithError() throws {
        try XCTSkipUnless(TmuxSession.isAvailable, "tmux is not installed; scripts/setup installs it")
        project = try ShoppingCopy()
        session = TmuxSession(name: name.filter { $0.isLetter })
    }

    override func tearDown() {
        session?.kill()
        project?.remove()
    }
}
