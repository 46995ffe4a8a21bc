import EngineProtocol
import Foundation

/// One engine log record as the Logs pane shows it, parsed once (off the UI thread).
public struct LogLine: Sendable, Equatable {
    public var ts: Int64
    public var level: String
    /// `script:scripts/coupon.py:13`, `decision:coupon_popup`, or the record's kind; a
    /// played scenario's records start with `play:NAME `.
    public var source: String
    public var text: String
    /// The script line a record points at (Enter jumps there).
    public var location: (path: String, line: Int)?
    public var raw: String

    public init(_ entry: LogEntry) {
        ts = entry.ts
        level = entry.level
        raw = entry.line
        let object = (try? JSONSerialization.jsonObject(with: Data(entry.line.utf8))) as? [String: Any] ?? [:]
        let record = object["record"] as? String ?? "log"
        if record == "log" {
            source = object["source"] as? String ?? "engine"
            text = object["message"] as? String ?? entry.line
        } else {
            // decision, match, deploy, rollback…: the kind, then the rest as written.
            source = record
            var rest = object
            rest["record"] = nil
            rest["ts"] = nil
            rest["play"] = nil
            let data = (try? JSONSerialization.data(withJSONObject: rest, options: [.sortedKeys])) ?? Data()
            text = String(decoding: data, as: UTF8.self)
        }
        location = Self.location(in: source)
        if let play = object["play"] as? String { source = "play:\(play) " + source }
    }

    /// `script:scripts/coupon.py:13` or `debug:scripts/coupon.py:13` → (scripts/coupon.py, 13).
    static func location(in source: String) -> (path: String, line: Int)? {
        ScriptLogSource(source).map { ($0.path, $0.line) }
    }

    public static func == (a: LogLine, b: LogLine) -> Bool { a.raw == b.raw && a.ts == b.ts }
}

/// The Logs pane's records: bounded (the oldest go first), filtered by level and a regex.
struct LogList {
    static let capacity = 10_000
    static let levels = ["debug", "info", "warn", "error"]

    private(set) var all: [LogLine] = []
    /// Lowest level shown (index into `levels`).
    var minimumLevel = 0 { didSet { refilter() } }
    var pattern: NSRegularExpression? { didSet { refilter() } }
    /// Indices into `all` of the records shown.
    private(set) var shown: [Int] = []
    /// Records dropped for the bound, since the start.
    private(set) var dropped = 0

    mutating func append(_ lines: [LogLine]) {
        all += lines
        let excess = all.count - Self.capacity
        if excess > 0 {
            all.removeFirst(excess)
            dropped += excess
            refilter()
        } else {
            for i in (all.count - lines.count)..<all.count where admits(all[i]) { shown.append(i) }
        }
    }

    mutating func replace(with lines: [LogLine]) {
        all = Array(lines.suffix(Self.capacity))
        refilter()
    }

    func admits(_ line: LogLine) -> Bool {
        guard (Self.levels.firstIndex(of: line.level) ?? 1) >= minimumLevel else { return false }
        guard let pattern else { return true }
        return pattern.firstMatch(in: line.raw, range: NSRange(location: 0, length: line.raw.utf16.count)) != nil
    }

    private mutating func refilter() {
        shown = all.indices.filter { admits(all[$0]) }
    }
}
