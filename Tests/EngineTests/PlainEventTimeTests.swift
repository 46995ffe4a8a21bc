import Testing
@testable import Engine

/// The load-time check reads times without building events (`PlainEventTime`) and leaves
/// every other line to the decoder. It must never give a time for a line the decoder
/// rejects, nor a time other than the decoded event's: checked against a fresh decoder on
/// plain lines, on the decoder's own differential lines (escapes, exponents, nesting) and on
/// both kinds damaged at random bytes.
@Suite struct PlainEventTimeTests {
    static func time(_ line: [UInt8]) -> Int64? {
        line.withUnsafeBufferPointer { PlainEventTime.of($0) }
    }

    /// Whether the scan agrees with the decoder on `line`; counts the lines it answered.
    static func agrees(_ line: [UInt8], answered: inout Int) -> Bool {
        var decoder = EventDecoder()
        let decoded = EventDecoderDifferentialTests.decode(&decoder, line)
        guard let ts = time(line) else { return true }
        answered += 1
        guard case .success(let event) = decoded else { return false }
        return event.ts == ts
    }

    /// A line of the plain subset, with the values near its edges: numbers with leading zeros,
    /// 18 to 20 digits, a sign or an exponent; empty strings; context fields null or absent.
    static func plainLine(_ random: inout SeededRandom) -> String {
        func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        /// A usual value mostly, an edge one in four times, so that whole lines are often valid.
        func pick<T>(_ usual: [T], or edges: [T]) -> T { random.next() % 4 == 0 ? pick(edges) : pick(usual) }
        let space = ["", "", " ", "  ", "\t", "\r"]
        let times = ["1732183200000", "\(random.next() % 1_000_000_000_000)"]
        let edgeTimes = ["0", "253402300799999", "253402300800000", "-1", "-0", "01", "1.0", "1e3",
                         "999999999999999999", "9999999999999999999", "17321832000001"]
        let numbers = ["12.5", "0.25", "-3", "\(random.next() % 10_000)"]
        let edgeNumbers = ["0", "-0", "01", "1.", ".5", "1e5", "2E-3", "-", "123456789012345678",
                           "1234567890123456789", "12345678901234567890", "1.234567890123456789"]
        let strings = ["\"x\"", "\"\"", "\"café\"", "\"a b\"", "\"q\\\"\"", "\"sku\(random.next() % 100)\""]
        var fields = ["\"ts\":" + pick(space) + pick(times, or: edgeTimes),
                      "\"type\":" + pick(space) + pick(["\"click\"", "\"view\""], or: ["\"\"", "null", "1"])]
        for name in ["session", "app", "scene", "page"] where random.next() % 2 == 0 {
            fields.append("\"\(name)\"" + pick(space) + ":" + pick(space) + pick(strings + ["null"]))
        }
        switch random.next() % 4 {
        case 0: break
        case 1: fields.append("\"params\": " + pick(["null", "{}", "{ }", "[]", "\"x\""]))
        default:
            let values = strings + numbers + ["true", "false", "null"]
            let edgeValues = edgeNumbers + ["[1]", "{\"a\":1}", "nul", "truex"]
            let pairs = (0..<(1 + random.next() % 5)).map { _ in
                pick(["\"item\"", "\"price\"", "\"qty\""], or: ["\"\"", "\"k\\u0031\""]) + pick(space) + ":" + pick(space)
                    + pick(values, or: edgeValues)
            }
            fields.append("\"params\":" + pick(space) + "{" + pairs.joined(separator: "," + pick(space)) + "}")
        }
        if random.next() % 8 == 0 { fields.append(pick(["\"ts\": 5", "\"type\": \"again\"", "\"parmas\": {}", "\"t\\u0073\": 1"])) }
        for i in fields.indices.reversed() { fields.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        return pick(space) + "{" + pick(space) + fields.joined(separator: "," + pick(space)) + pick(space) + "}" + pick(space, or: [" x", ","])
    }

    /// `line` with one to three bytes replaced, deleted or inserted, from bytes that matter to
    /// JSON and to this scan.
    static func damaged(_ line: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        EventDecoderPredictionTests.damaged(line, &random, pool: Array(#"" :,{}[]\x019.-eEntf"#.utf8) + [0x09, 0x0D, 0x01, 0xC3, 0xA9, 0xFF])
    }

    @Test func plainLinesAndTheirDamagedFormsGiveTheDecodersTimeOrNone() {
        var random = SeededRandom(seed: 4_242)
        var answered = 0
        var answeredDamaged = 0
        for round in 0..<40_000 {
            var line = Array(Self.plainLine(&random).utf8)
            let damage = round % 2 == 1
            if damage { line = Self.damaged(line, &random) }
            var count = 0
            #expect(Self.agrees(line, answered: &count), "round \(round): \(String(decoding: line, as: UTF8.self))")
            if damage { answeredDamaged += count } else { answered += count }
        }
        // The scan answers for many lines, or it would save nothing.
        #expect(answered > 2_000 && answeredDamaged > 200)
    }

    @Test func theDecodersDifferentialLinesGiveItsTimeOrNone() {
        var writer = EventDecoderDifferentialTests.Writer(random: SeededRandom(seed: 31))
        var random = SeededRandom(seed: 32)
        var answered = 0
        for round in 0..<10_000 {
            var line = Array(writer.line().0.utf8)
            if round % 2 == 1 { line = Self.damaged(line, &random) }
            #expect(Self.agrees(line, answered: &answered), "round \(round): \(String(decoding: line, as: UTF8.self))")
        }
        // Few of these lines are plain (characters are escaped at random); the point is that
        // those few agree.
        #expect(answered > 0)
    }

    @Test func aSpecLineGivesItsTimeAndEachDecoderErrorGivesNone() {
        #expect(Self.time(Array(#"{"ts": 1732183200000, "type": "click", "session": "s1", "app": "shop", "scene": null, "page": "home", "params": {"item": "sku42", "price": 12.5, "vip": true, "note": null}}"#.utf8)) == 1_732_183_200_000)
        #expect(Self.time(Array(#" {"type":"a","ts":0} "#.utf8)) == 0)
        // Each of these is an error to the decoder (or, for the last two, valid but outside the
        // plain subset); the scan must leave them all to it.
        let rejected = [
            #"{"ts": 1, "type": ""}"#, #"{"ts": 1}"#, #"{"type": "a"}"#, #"{}"#, #"{"ts": 1, "type": "a", "ts": 2}"#,
            #"{"ts": 1, "type": "a", "parmas": {}}"#, #"{"ts": 01, "type": "a"}"#, #"{"ts": 1.0, "type": "a"}"#,
            #"{"ts": -1, "type": "a"}"#, #"{"ts": 253402300800000, "type": "a"}"#, #"{"ts": 1, "type": "a"} x"#,
            #"{"ts": 1, "type": "a",}"#, #"{"ts": 1, "type": "a", "params": {"p": 01}}"#, #"{"ts": 1, "type": "a", "params": {"p": 1.}}"#,
            #"{"ts": 1, "type": "a", "params": {"p": nul}}"#, #"{"ts": 1, "type": "a", "params": []}"#,
            #"{"ts": 1, "type": "a", "page": 3}"#, #"{"ts": 1, "type": "a\u0001"}"#, "{\"ts\": 1, \"type\": \"a\u{1}\"}",
            #"{"ts": 1, "type": "a", "params": {"p": 1e400}}"#, #"{"t\u0073": 1, "type": "a"}"#,
        ]
        for line in rejected { #expect(Self.time(Array(line.utf8)) == nil, "\(line)") }
        #expect(Self.time(Array(#"{"ts": 1, "type": "a"}"#.utf8) + [0xFF]) == nil)  // invalid UTF-8
    }
}
