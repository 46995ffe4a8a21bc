/// A structured log record: what the engine, a script or the pipeline has to say.
public struct LogRecord: Sendable {
    public enum Level: String, Sendable, Comparable, CaseIterable {
        case debug, info, warn, error

        private var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// Event time at which it was written, milliseconds since the epoch.
    public var ts: Int64
    public var level: Level
    /// Who wrote it: `pipeline`, `feature:NAME`, `script:scripts/x.py:14`, ...
    public var source: String
    public var message: String
    public var fields: CELMap

    public init(ts: Int64, level: Level, source: String, message: String, fields: CELMap = CELMap()) {
        self.ts = ts
        self.level = level
        self.source = source
        self.message = message
        self.fields = fields
    }
}
