import Engine

/// One line of `featide run` output (JSON Lines).
public enum RunRecord: Sendable {
    case log(LogRecord)
    /// Every consumed feature's value at the end of the run.
    case features(ts: Int64, values: [(String, CELValue)])

    public var jsonLine: String {
        var out = ""
        switch self {
        case .log(let r):
            PlainJSON.writeObject([
                ("record", .string("log")), ("ts", .int(r.ts)), ("level", .string(r.level.rawValue)),
                ("source", .string(r.source)), ("message", .string(r.message)), ("fields", .map(r.fields)),
            ], to: &out)
        case .features(let ts, let values):
            out += "{\"record\":\"features\",\"ts\":\(ts),\"values\":"
            PlainJSON.writeObject(values, to: &out)
            out += "}"
        }
        return out
    }
}
