import ScriptWire
import Synchronization

/// The load-time half of the sandbox, for `featide check`: parses a script and rejects
/// double-underscore names and attributes, and frame/traceback attributes, each at its
/// file:line:col. It runs in a script worker (the engine never embeds Python); the scan
/// itself runs nothing of the script.
public enum ScriptScanner {
    public struct Report: Sendable {
        /// Every rejection (a syntax error alone if the script does not parse).
        public var findings: [ScriptFailure]
        /// The script's top-level functions (empty when there are findings).
        public var functions: [String]
    }

    /// One worker for every scan of the process.
    private static let scanner = Mutex<ScriptWorker?>(nil)
    /// A scan of a pathological file gets this long before its worker is killed.
    static let deadline: UInt64 = 20_000_000_000

    public static func scan(source: String, path: String) -> Report {
        scanner.withLock { scanner -> Report in
            for _ in 0..<2 {  // once more with a fresh worker if the first one is gone
                if scanner == nil || scanner?.isAlive == false { scanner = try? ScriptWorkerSupply.take(replenish: false) }
                guard let worker = scanner else { break }
                if let report = scan(source, path, with: worker) { return report }
                worker.kill()
                scanner = nil
            }
            return Report(findings: [ScriptFailure(reason: .load, script: path, line: 1, column: 1,
                                                   message: "the script could not be scanned (no script worker)", traceback: nil)],
                          functions: [])
        }
    }

    private static func scan(_ source: String, _ path: String, with worker: ScriptWorker) -> Report? {
        var frame = WireWriter()
        frame.beginFrame(.scan)
        frame.string(path)
        frame.string(source)
        frame.finishFrame()
        guard worker.send(frame.bytes),
              case .frame(WireMessage.scanned.rawValue, let payload) = worker.next(until: MonotonicClock.nanoseconds() + deadline)
        else { return nil }
        let report = worker.read(payload) { reader throws(WireError) -> Report in
            var findings: [ScriptFailure] = []
            for _ in 0..<(try reader.u32()) {
                let line = Int(try reader.i64()), column = Int(try reader.i64())
                let reason = ScriptFailure.Reason(rawValue: try reader.string()) ?? .sandbox
                findings.append(ScriptFailure(reason: reason, script: path, line: line, column: column,
                                              message: try reader.string(), traceback: nil))
            }
            var functions: [String] = []
            for _ in 0..<(try reader.u32()) { functions.append(try reader.string()) }
            return Report(findings: findings, functions: functions)
        }
        return try? report.get()
    }
}
