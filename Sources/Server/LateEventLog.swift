import Engine

/// How a live engine logs late events: the first `perRequest` of a request one by one, the
/// rest in one record at its end. A file sent twice by mistake makes a million late events;
/// logged one by one they took the engine 20 s and pushed every other record out of the
/// log's retention. Each one is still counted (`status`, `send`'s answer).
struct LateEventLog {
    static let perRequest = 100
    private var logged = 0
    private var unlogged = 0
    private var first: Int64 = .max
    private var last: Int64 = .min

    /// Whether `record` is logged now (false: a late event beyond the request's share).
    mutating func admit(_ record: LogRecord) -> Bool {
        guard record.source == "pipeline", record.message == EnginePipeline.lateEventMessage else { return true }
        guard logged >= Self.perRequest else {
            logged += 1
            return true
        }
        unlogged += 1
        first = min(first, record.ts)
        last = max(last, record.ts)
        return false
    }

    /// The record for the late events not logged one by one in this request (nil: none);
    /// the next request starts afresh.
    mutating func endRequest() -> LogRecord? {
        defer { self = LateEventLog() }
        guard unlogged > 0 else { return nil }
        return LogRecord(ts: last, level: .warn, source: "pipeline",
                         message: "\(unlogged) more late events dropped in this request (logged one by one: the first \(Self.perRequest))",
                         fields: CELMap([(.string("count"), .int(Int64(unlogged))), (.string("first_ts"), .int(first)),
                                         (.string("last_ts"), .int(last))]))
    }
}
