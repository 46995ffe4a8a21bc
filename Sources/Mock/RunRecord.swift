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

    public var jsonLine: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The record's line as UTF-8, without its newline.
    public var jsonBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
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
            Self.write(m, to: &out)
        case .features(let ts, let values):
            PlainJSON.append(#"{"record":"features","ts":"#, to: &out)
            PlainJSON.writeInteger(ts, to: &out)
            PlainJSON.append(#","values":"#, to: &out)
            PlainJSON.writeObject(values, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        return out
    }

    /// A match, field by field: these are the records a pattern makes by the thousand.
    private static func write(_ m: PatternMatch, to out: inout [UInt8]) {
        PlainJSON.append(#"{"record":"match","pattern":"#, to: &out)
        PlainJSON.writeString(m.pattern, to: &out)
        PlainJSON.append(#","ts":"#, to: &out)
        PlainJSON.writeInteger(m.ts, to: &out)
        if m.timedOut { PlainJSON.append(#","timed_out":true"#, to: &out) }
        PlainJSON.append(#","steps":{"#, to: &out)
        for (i, step) in m.steps.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            PlainJSON.writeString(step.name, to: &out)
            PlainJSON.append(":[", to: &out)
            for (j, event) in step.events.enumerated() {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                write(event, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        PlainJSON.append("}}", to: &out)
    }

    /// An event as an object of its fields in `EventField` order, null ones left out.
    private static func write(_ event: Event, to out: inout [UInt8]) {
        PlainJSON.append(#"{"ts":"#, to: &out)
        PlainJSON.writeInteger(event.ts, to: &out)
        PlainJSON.append(#","type":"#, to: &out)
        PlainJSON.writeString(event.type, to: &out)
        func context(_ key: StaticString, _ value: String?) {
            guard let value else { return }
            PlainJSON.append(key, to: &out)
            PlainJSON.writeString(value, to: &out)
        }
        context(#","session":"#, event.session)
        context(#","app":"#, event.app)
        context(#","scene":"#, event.scene)
        context(#","page":"#, event.page)
        PlainJSON.append(#","params":"#, to: &out)
        PlainJSON.write(.map(event.params), to: &out)
        out.append(UInt8(ascii: "}"))
    }
}
