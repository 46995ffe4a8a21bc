import Engine

/// One line of `featide run` output (JSON Lines).
public enum RunRecord: Sendable {
    case log(LogRecord)
    /// An action a decision took (its payload, or its fallback when the script failed).
    case decision(DecisionRecord)
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
        case .decision(let d):
            PlainJSON.writeObject([
                ("record", .string("decision")), ("decision", .string(d.decision)), ("ts", .int(d.ts)),
                ("action", .string(d.action.rawValue)), ("payload", d.payload),
                ("variant", d.variant.map(CELValue.string) ?? .null), ("fallback", .bool(d.usedFallback)),
            ], to: &out)
        case .features(let ts, let values):
            out += "{\"record\":\"features\",\"ts\":\(ts),\"values\":"
            PlainJSON.writeObject(values, to: &out)
            out += "}"
        }
        return out
    }
}
