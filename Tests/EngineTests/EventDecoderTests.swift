import Testing
@testable import Engine

@Suite struct EventDecoderTests {
    let decoder = EventDecoder()

    func decodeOne(_ line: String) -> Result<Event, EventDecodeError> {
        let result = decoder.decodeAll(line)
        if let error = result.errors.first { return .failure(error) }
        return .success(result.events[0])
    }

    func params(_ json: String) throws -> CELMap {
        try decodeOne(#"{"ts": 1, "type": "t", "params": "# + json + "}").get().params
    }

    @Test func decodesAllTopLevelFields() throws {
        let event = try decodeOne(
            #"{"ts": 1732183200000, "type": "click", "session": "s9", "app": "shop", "scene": "browse", "page": "home", "params": {"item": "sku1", "price": 12.5}}"#
        ).get()
        #expect(event.ts == 1_732_183_200_000)
        #expect(event.type == "click")
        #expect(event.session == "s9" && event.app == "shop" && event.scene == "browse" && event.page == "home")
        #expect(event.params.keys == [.string("item"), .string("price")])
        #expect(same(event.params[string: "price"]!, .double(12.5)))
        #expect(same(event.value(of: .page), .string("home")))
        #expect(same(event.value(of: .ts), .int(1_732_183_200_000)))
    }

    @Test func repeatedKeyKeepsFirstPositionAndLastValue() throws {
        let small = try params(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(small.keys == [.string("a"), .string("b")])
        #expect(same(small[string: "a"]!, .int(3)))
        // Past the linear-scan limit too, and the map still finds every key.
        let names = (0..<12).map { "k\($0)" }
        let json = "{" + (names + ["k3", "k11"]).enumerated().map { #""\#($1)": \#($0)"# }.joined(separator: ", ") + "}"
        let large = try params(json)
        #expect(large.keys == names.map { .string($0) })
        #expect(same(large[string: "k3"]!, .int(12)) && same(large[string: "k11"]!, .int(13)))
        #expect(same(large[.string("k7")]!, .int(7)))
    }

    @Test func absentAndNullContextAreNil() throws {
        let event = try decodeOne(#"{"type":"x","ts":5,"page":null,"params":null}"#).get()
        #expect(event.page == nil && event.session == nil && event.params.isEmpty)
        #expect(same(event.value(of: .page), .null))
    }

    @Test func numbersAreIntWhenIntegralElseDouble() throws {
        let p = try params(#"{"a": 0, "b": -12, "c": 1.0, "d": 1e3, "e": 9223372036854775807, "f": -9223372036854775808, "g": 9223372036854775808, "h": -0.5E-2}"#)
        #expect(same(p[string: "a"]!, .int(0)))
        #expect(same(p[string: "b"]!, .int(-12)))
        #expect(same(p[string: "c"]!, .double(1)))
        #expect(same(p[string: "d"]!, .double(1000)))
        #expect(same(p[string: "e"]!, .int(Int64.max)))
        #expect(same(p[string: "f"]!, .int(Int64.min)))
        #expect(same(p[string: "g"]!, .double(9_223_372_036_854_775_808)))
        #expect(same(p[string: "h"]!, .double(-0.005)))
    }

    @Test func stringEscapesIncludingSurrogatePairs() throws {
        let p = try params(#"{"s": "a\"b\\c\/d\b\f\n\r\t", "u": "\u00e9\u4e2d", "pair": "\ud83d\ude00", "raw": "héllo 😀"}"#)
        #expect(same(p[string: "s"]!, .string("a\"b\\c/d\u{8}\u{c}\n\r\t")))
        #expect(same(p[string: "u"]!, .string("é中")))
        #expect(same(p[string: "pair"]!, .string("😀")))
        #expect(same(p[string: "raw"]!, .string("héllo 😀")))
    }

    @Test func nestedListsAndObjects() throws {
        let p = try params(#"{"l": [1, [true, false, null], {"k": "v"}], "o": {"x": {"y": []}, "z": {}}}"#)
        #expect(same(p[string: "l"]!, .list([.int(1), .list([.bool(true), .bool(false), .null]), map([(.string("k"), .string("v"))])])))
        #expect(same(p[string: "o"]!, map([(.string("x"), map([(.string("y"), .list([]))])), (.string("z"), map([]))])))
    }

    @Test func fieldErrorsNameLineFieldAndExpectation() {
        let text = """
            {"ts": 1, "type": "ok"}

            {"ts": "soon", "type": "click"}
            {"ts": 1.5, "type": "click"}
            {"type": "click"}
            {"ts": 1, "type": ""}
            {"ts": 1, "type": "a", "page": 3}
            {"ts": 1, "type": "a", "params": [1]}
            {"ts": 1, "type": "a", "parmas": {}}
            {"ts": 1, "ts": 2, "type": "a"}
            {"ts": 2, "type": "still decoding"}
            """
        let (events, errors) = decoder.decodeAll(text)
        #expect(events.map(\.type) == ["ok", "still decoding"])
        #expect(errors.map(\.description) == [
            #"line 3:8: field "ts": expected an integer (milliseconds since the epoch)"#,
            #"line 4:8: field "ts": expected an integer (milliseconds since the epoch)"#,
            #"line 5:1: field "ts": missing; expected an integer (milliseconds since the epoch)"#,
            #"line 6:19: field "type": expected a non-empty string"#,
            #"line 7:32: field "page": expected a string or null"#,
            #"line 8:34: field "params": expected an object"#,
            #"line 9:34: field "parmas": unknown field; expected one of ts, type, session, app, scene, page, params"#,
            #"line 10:17: field "ts": given twice; expected each field once"#,
        ])
    }

    /// SPEC §2: `ts` from 0 to 253402300799999 (year 9999); anything else is malformed.
    @Test func timestampsOutsideYearsZeroToNineThousandNineHundredNinetyNineAreMalformed() {
        let text = """
            {"ts": 0, "type": "first"}
            {"ts": 253402300799999, "type": "last"}
            {"ts": 253402300800000, "type": "a"}
            {"ts": -1, "type": "a"}
            {"ts": 9223372036854775807, "type": "a"}
            {"ts": -9223372036854775808, "type": "a"}
            {"ts": 99999999999999999999, "type": "a"}
            """
        let (events, errors) = decoder.decodeAll(text)
        #expect(events.map(\.type) == ["first", "last"])
        #expect(errors.map(\.line) == [3, 4, 5, 6, 7])
        #expect(errors.allSatisfy { $0.column == 8 && $0.field == "ts" && $0.message.hasPrefix("out of range") })
    }

    /// SPEC §2: invalid UTF-8 is an error at its first bad byte, not a replacement character.
    @Test func invalidUTF8IsRejectedAtItsFirstBadByte() {
        let bytes = Array(#"{"ts": 1, "type": "a", "page": "h"#.utf8) + [0xC3, 0x28] + Array("\"}\n".utf8)
            + Array(#"{"ts": 2, "type": "ok", "page": "é"}"#.utf8)
        let (events, errors) = decoder.decodeAll(bytes)
        #expect(events.map(\.page) == ["é"])
        #expect(errors.map(\.description) == ["line 1:34: invalid UTF-8; expected UTF-8 text"])
    }

    @Test func syntaxErrorsNameLineColumnAndField() {
        let text = """
            {"ts": 1, "type": "a", "params": {"x": tru}}
            {"ts": 1 "type": "a"}
            [1, 2]
            {"ts": 1, "type": "a"} trailing
            {"ts": 1, "type": "a", "params": {"s": "\\ud800"}}
            {"ts": 1, "type": "a", "params": {"n": 01}}
            {"ts": 1, "type": "a", "params": {"s": "unterminated}}
            """
        let errors = decoder.decodeAll(text).errors
        #expect(errors.map(\.line) == [1, 2, 3, 4, 5, 6, 7])
        #expect(errors[0].field == "params" && errors[0].column == 40)
        #expect(errors[0].description.contains("expected true"))
        #expect(errors[1].field == nil && errors[1].description == "line 2:10: invalid JSON: expected ',' or '}'")
        #expect(errors[2].description.contains("expected '{' to start an event object"))
        #expect(errors[3].description.contains("expected the end of the line"))
        #expect(errors[4].field == "params" && errors[4].description.contains("unpaired high surrogate"))
        #expect(errors[5].description.contains("leading zero"))
        #expect(errors[6].description.contains("unterminated string"))
    }

    @Test func crlfAndBlankLinesKeepLineNumbers() {
        let text = "{\"ts\":1,\"type\":\"a\"}\r\n\r\n   \n{\"ts\":2,\"type\":3}\r\n{\"ts\":3,\"type\":\"c\"}"
        let (events, errors) = decoder.decodeAll(text)
        #expect(events.map(\.ts) == [1, 3])
        #expect(errors.map(\.line) == [4])
    }

    @Test func rawControlCharacterInStringIsRejected() {
        let errors = decoder.decodeAll("{\"ts\":1,\"type\":\"a\tb\"}").errors
        #expect(errors.count == 1 && errors[0].description.contains("control character"))
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let errors = decoder.decodeAll(#"{"ts":1,"type":"a","params":{"d":"# + deep + "}}").errors
        #expect(errors.count == 1 && errors[0].description.contains("nesting deeper"))
    }
}

@Suite struct EventStreamDecoderTests {
    @Test func linesSplitAcrossChunksDecodeWithStreamLineNumbers() {
        let text = Array("{\"ts\":1,\"type\":\"a\",\"params\":{\"s\":\"\\u00e9\"}}\n{\"ts\":2,\"type\":\"b\"}\n{\"ts\":\"x\",\"type\":\"c\"}\n{\"ts\":4,\"type\":\"d\"}".utf8)
        for chunkSize in [1, 2, 7, 16, text.count] {
            var stream = EventStreamDecoder()
            var types: [String] = []
            var errorLines: [Int] = []
            let record = { (result: Result<Event, EventDecodeError>) in
                switch result {
                case .success(let event): types.append(event.type)
                case .failure(let error): errorLines.append(error.line)
                }
            }
            var offset = 0
            while offset < text.count {
                let end = min(offset + chunkSize, text.count)
                stream.feed(Array(text[offset..<end]), record)
                offset = end
            }
            stream.finish(record)
            #expect(types == ["a", "b", "d"], "chunk size \(chunkSize)")
            #expect(errorLines == [3], "chunk size \(chunkSize)")
        }
    }
}
