import Foundation
import Testing
@testable import Engine

/// The operating system's wall, shown with the test-only worker that has no Python layer: a
/// script holding the real `open`, `os`, `socket` and `subprocess` still cannot read or write
/// a file, run a process, reach the network or signal the engine.
@Suite struct WorkerConfinementTests {
    @Test func anEscapedScriptCannotTouchFilesProcessesTheNetworkOrTheEngine() throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("featide-escape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let listener = try LoopbackListener()
        let script = """
            import os, socket, subprocess

            def decide(ctx):
                results = {}
                outside = ctx.input["outside"]
                def attempt(name, action):
                    try:
                        action()
                        results[name] = "succeeded"
                    except OSError as e:
                        results[name] = f"blocked: errno {e.errno}"
                def fork():
                    if os.fork() == 0:
                        os._exit(0)
                attempt("read a file", lambda: open("/etc/hostname").read())
                attempt("list a directory", lambda: os.listdir("/"))
                attempt("write a file outside", lambda: open(outside + "/written", "w").write("x"))
                attempt("write in the working directory", lambda: open("here.txt", "w").write("x"))
                attempt("make a directory", lambda: os.mkdir(outside + "/made"))
                attempt("run a process", lambda: subprocess.run(["/bin/sh", "-c", "touch " + outside + "/ran"]))
                attempt("fork", fork)
                attempt("exec", lambda: os.execv("/bin/sh", ["sh", "-c", "touch " + outside + "/exec"]))
                attempt("open a socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM))
                attempt("connect", lambda: socket.create_connection(("127.0.0.1", ctx.input["port"]), timeout=1))
                attempt("signal the engine", lambda: os.kill(ctx.input["engine"], 15))
                results["os.system"] = os.system("touch " + outside + "/system")
                return results
            """
        let fixture = try ScriptSandboxFixture(["scripts/escape.py": script], unguarded: true)
        let outcome = fixture.decide("escape", input: CELMap([
            (.string("outside"), .string(outside.path)), (.string("port"), .int(Int64(listener.port))),
            (.string("engine"), .int(Int64(getpid()))),
        ]), budgetMilliseconds: 5_000)
        guard case .map(let results)? = outcome.value else {
            Issue.record("the escape script gave no results: \(String(describing: outcome.failure))")
            return
        }
        let attempts = ["read a file", "list a directory", "write a file outside", "write in the working directory",
                        "make a directory", "run a process", "fork", "exec", "open a socket", "connect", "signal the engine"]
        for attempt in attempts {
            #expect(results[string: attempt].map { PlainJSON.text($0) } == #""blocked: errno 1""#, "\(attempt)")
        }
        #expect(results[string: "os.system"].map { PlainJSON.text($0) } != "0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == [])
        #expect(!listener.wasConnected())
    }

    /// The same script under the Python layer never gets that far: `import os` is refused.
    @Test func theGuardedWorkerRefusesTheImportFirst() throws {
        let fixture = try ScriptSandboxFixture(["scripts/escape.py": "import os\n\ndef decide(ctx):\n    return None\n"])
        let failure = try #require(fixture.decide("escape").failure)
        #expect(failure.reason == .sandbox)
        #expect(failure.message.contains("import of 'os' is not allowed"))
    }
}

/// A TCP listener on 127.0.0.1 that records whether anything connected.
final class LoopbackListener {
    let fd: Int32
    let port: UInt16

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 4) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(fd) }

    func wasConnected() -> Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }
}
