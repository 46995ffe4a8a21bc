/// Top-level fields seen so far on one line, each checked as it arrives and written straight
/// into the event being built. The decoder moves the event out whole at the end (`consume`):
/// a struct of optional fields taken one by one still released each of them when it ended.
struct DecodedFields {
    /// `ts` and `type` hold placeholders until their bits in `seen` are set; `params` holds
    /// the decoder's shared empty map until an object is given.
    var event: Event
    /// One bit per `EventDecoder.fieldNames` index; a bit mask avoids a Set per line.
    var seen: UInt8 = 0

    init(emptyParams: CELMap) {
        event = Event(ts: 0, type: "", session: nil, app: nil, scene: nil, page: nil, params: emptyParams)
    }

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
            event.ts = ms
        case 1:
            guard case .string(let text) = value, !text.isEmpty else { return "expected a non-empty string" }
            event.type = text
        case 6:
            switch value {
            case .map(let map): event.params = map
            case .null: break  // the empty map already there
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
            case 2: event.session = text
            case 3: event.app = text
            case 4: event.scene = text
            default: event.page = text
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
            event.type = text
        case 2: event.session = text
        case 3: event.app = text
        case 4: event.scene = text
        default: event.page = text
        }
        return nil
    }

    /// A `params` object read without a `CELValue` around it.
    @inline(__always)
    mutating func set(params map: consuming CELMap) -> String? {
        if let repeated = markSeen(6) { return repeated }
        event.params = map
        return nil
    }

    @inline(__always)
    private mutating func markSeen(_ index: Int) -> String? {
        let bit: UInt8 = 1 << index
        guard seen & bit == 0 else { return "given twice; expected each field once" }
        seen |= bit
        return nil
    }

    /// What is missing for an event (`ts` or `type` never came), if anything.
    func missing(lineNumber: Int) -> EventDecodeError? {
        if seen & 1 == 0 {
            return EventDecodeError(line: lineNumber, column: 1, field: "ts", message: "missing; \(Self.tsExpected)")
        }
        if seen & 2 == 0 {
            return EventDecodeError(line: lineNumber, column: 1, field: "type", message: "missing; expected a non-empty string")
        }
        return nil
    }
}
