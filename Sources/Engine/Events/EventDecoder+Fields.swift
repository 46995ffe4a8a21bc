/// Top-level fields seen so far on one line, each checked as it arrives.
struct DecodedFields {
    var ts: Int64?
    var type: String?
    var session: String?
    var app: String?
    var scene: String?
    var page: String?
    /// Made only at the end when absent: an empty map made up front per line costs an allocation.
    var params: CELMap?
    /// One bit per `EventDecoder.fieldNames` index; a bit mask avoids a Set per line.
    var seen: UInt8 = 0

    static let tsExpected = "expected an integer (milliseconds since the epoch)"
    static let tsRangeExpected =
        "out of range; expected milliseconds since the epoch from 0 to \(EventTime.latest) (the end of year 9999)"

    /// Stores the field at `index` in `EventDecoder.fieldNames` (nil: an unknown field);
    /// returns what is wrong with it, if anything.
    mutating func set(_ index: Int?, _ value: consuming CELValue) -> String? {
        guard let index else {
            return "unknown field; expected one of \(EventDecoder.fieldNames.joined(separator: ", "))"
        }
        if let repeated = markSeen(index) { return repeated }
        switch index {
        case 0:
            guard case .int(let ms) = value else {
                if case .double(let d) = value, d == d.rounded() { return Self.tsRangeExpected }
                return Self.tsExpected
            }
            guard EventTime.range.contains(ms) else { return Self.tsRangeExpected }
            ts = ms
        case 1:
            guard case .string(let text) = value, !text.isEmpty else { return "expected a non-empty string" }
            type = text
        case 6:
            switch value {
            case .map(let map): params = map
            case .null: params = nil
            default: return "expected an object"
            }
        default:
            let text: String?
            switch value {
            case .string(let given): text = given
            case .null: text = nil
            default: return "expected a string or null"
            }
            switch index {
            case 2: session = text
            case 3: app = text
            case 4: scene = text
            default: page = text
            }
        }
        return nil
    }

    /// A string field (`type` or a context field) read without a `CELValue` around it.
    @inline(__always)
    mutating func set(_ index: Int, string text: consuming String) -> String? {
        if let repeated = markSeen(index) { return repeated }
        switch index {
        case 1:
            guard !text.isEmpty else { return "expected a non-empty string" }
            type = text
        case 2: session = text
        case 3: app = text
        case 4: scene = text
        default: page = text
        }
        return nil
    }

    /// A `params` object read without a `CELValue` around it.
    @inline(__always)
    mutating func set(params map: consuming CELMap) -> String? {
        if let repeated = markSeen(6) { return repeated }
        params = map
        return nil
    }

    @inline(__always)
    private mutating func markSeen(_ index: Int) -> String? {
        let bit: UInt8 = 1 << index
        guard seen & bit == 0 else { return "given twice; expected each field once" }
        seen |= bit
        return nil
    }

    /// The event, its fields moved out (`take`) rather than copied and released; an error
    /// when `ts` or `type` never came.
    mutating func takeEvent(lineNumber: Int) -> Result<Event, EventDecodeError> {
        guard let ts else {
            return .failure(EventDecodeError(line: lineNumber, column: 1, field: "ts", message: "missing; \(Self.tsExpected)"))
        }
        guard let type = type.take() else {
            return .failure(EventDecodeError(
                line: lineNumber, column: 1, field: "type", message: "missing; expected a non-empty string"))
        }
        let map: CELMap
        if let given = params.take() { map = given } else { map = CELMap() }
        // The memberwise initializer (see `Event`), whose arguments move into the event.
        return .success(Event(ts: ts, type: type, session: session.take(), app: app.take(), scene: scene.take(),
                              page: page.take(), params: map))
    }
}
