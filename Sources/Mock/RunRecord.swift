import Engine

/// One line of `featide run` output (JSON Lines).
public enum RunRecord: Sendable {
    case log(LogRecord)
    /// An action a decision took (its payload, or its fallback when the script failed).
    case decision(DecisionRecord)
    /// A pattern match as it happened: `{"record":"match","pattern":..,"ts":..,"steps":{name:[events]}}`;
    /// a timed-out partial match (`on_timeout: emit`) adds `"timed_out":true`.
    case match(PatternMatch)
    /// Every consumed feature's value at the end of the run.
    case features(ts: Int64, values: [(String, CELValue)])

    /// When it happened (engine time, ms).
    public var ts: Int64 {
        switch self {
        case .log(let r): r.ts
        case .decision(let d): d.ts
        case .match(let m): m.ts
        case .features(let ts, _): ts
        }
    }

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
        case .match(let m):
            var fields: [(String, CELValue)] = [("record", .string("match")), ("pattern", .string(m.pattern)), ("ts", .int(m.ts))]
            if m.timedOut { fields.append(("timed_out", .bool(true))) }
            PlainJSON.writeObject(fields, to: &out)
            out.removeLast()
            out += ",\"steps\":{"
            for (i, step) in m.steps.enumerated() {
                if i > 0 { out += "," }
                PlainJSON.writeString(step.name, to: &out)
                out += ":["
                for (j, event) in step.events.enumerated() {
                    if j > 0 { out += "," }
                    PlainJSON.writeObject(EventField.allCases.compactMap { field in
                        let value = event.value(of: field)
                        if case .null = value { return nil }
                        return (field.rawValue, value)
                    }, to: &out)
                }
                out += "]"
            }
            out += "}}"
        case .features(let ts, let values):
            out += "{\"record\":\"features\",\"ts\":\(ts),\"values\":"
            PlainJSON.writeObject(values, to: &out)
            out += "}"
        }
        return out
    }
}
