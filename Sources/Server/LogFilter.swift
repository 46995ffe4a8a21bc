import Engine
import EngineProtocol
import Foundation

/// Which log records a `logs` request wants — past ones and, with `follow`, later ones alike.
struct LogFilter {
    let minimum: LogRecord.Level?
    let pattern: NSRegularExpression?

    init(_ params: LogsParams) throws(RPCError) {
        minimum = params.level.flatMap { LogRecord.Level(rawValue: $0) }
        if let level = params.level, minimum == nil {
            throw .invalidParams("level '\(level)' is not one of debug, info, warn, error")
        }
        guard let grep = params.grep else {
            pattern = nil
            return
        }
        do { pattern = try NSRegularExpression(pattern: grep) } catch {
            throw .invalidParams("grep '\(grep)' is not a regular expression: \(error.localizedDescription)")
        }
    }

    func admits(_ entry: LogEntry) -> Bool {
        if let minimum, let level = LogRecord.Level(rawValue: entry.level), level < minimum { return false }
        if let pattern, pattern.firstMatch(in: entry.line, range: NSRange(entry.line.startIndex..., in: entry.line)) == nil { return false }
        return true
    }
}
