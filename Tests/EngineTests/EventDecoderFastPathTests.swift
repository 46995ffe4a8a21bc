import Testing
@testable import Engine

/// The decoder's fast paths (field names matched as bytes, ASCII checked eight bytes at a
/// time) must decide exactly as the general ones do.
@Suite struct EventDecoderFastPathTests {
    let decoder = EventDecoder()

    @Test func escapedFieldNamesAndNearMissesAreReadAsText() throws {
        let escaped = decoder.decodeAll(#"{"t\u0073": 1, "typ\u0065": "a"}"#)
        #expect(escaped.errors.isEmpty && escaped.events.first?.ts == 1 && escaped.events.first?.type == "a")
        let nearMiss = decoder.decodeAll(#"{"ts": 1, "type": "a", "tss": 2}"#)
        #expect(nearMiss.errors.first?.field == "tss" && nearMiss.errors.first?.column == 31)
        let prefix = decoder.decodeAll(#"{"ts": 1, "typ": "a"}"#)
        #expect(prefix.errors.first?.field == "typ")
    }

    @Test func eventsWithoutParamsShareAnEmptyMapThatChangingOneEventLeavesAlone() throws {
        let lines = #"{"ts": 1, "type": "a"}"# + "\n" + #"{"ts": 2, "type": "a", "params": null}"# + "\n"
            + #"{"ts": 3, "type": "a", "params": {}}"#
        let decoded = decoder.decodeAll(lines)
        #expect(decoded.errors.isEmpty && decoded.events.count == 3)
        var changed = decoded.events[0]
        changed.params[.string("k")] = .int(1)
        #expect(changed.params.count == 1 && same(changed.params[string: "k"]!, .int(1)))
        #expect(decoded.events.allSatisfy { $0.params.isEmpty && $0.params.keys.isEmpty })
        // Decoding goes on after that, with empty params still empty.
        #expect(decoder.decodeAll(#"{"ts": 4, "type": "b"}"#).events.first?.params.isEmpty == true)
    }

    @Test func anInvalidByteIsFoundAtItsColumnWhereverItFallsInAnEightByteBlock() {
        let line = Array(#"{"ts": 1, "type": "abcdefghijklmnopqrstuvwxyz"}"#.utf8)
        for position in 19..<44 {
            var bytes = line
            bytes[position] = 0xC0  // never valid in UTF-8
            #expect(decoder.decodeAll(bytes).errors.first?.column == position + 1, "byte \(position)")
        }
    }
}

/// Numbers read without `strtod` must be the very doubles `strtod` gives: the scanner's one
/// pass (integer and fraction digits into one mantissa, then Clinger's fast path) against
/// Swift's own `Double(_:)` and `Int64(_:)` reading the same text.
@Suite struct ExactDoubleTests {
    /// The number read from `text` alone (the line's last bytes: read a byte at a time) and
    /// from `text` followed by more of a line (eight digits at a time); nil unless both agree.
    static func number(_ text: String) -> CELValue? {
        let alone = Array(text.utf8).withUnsafeBufferPointer { bytes -> CELValue? in
            var scanner = JSONValueScanner(bytes)
            guard let value = try? scanner.parseNumber(), scanner.atEnd else { return nil }
            return value
        }
        let followed = Array((text + ", \"k\": 12345678}").utf8).withUnsafeBufferPointer { bytes -> CELValue? in
            var scanner = JSONValueScanner(bytes)
            guard let value = try? scanner.parseNumber(), scanner.offset == text.utf8.count else { return nil }
            return value
        }
        guard let alone, let followed, EventDecoderDifferentialTests.identical(alone, followed) else { return nil }
        return alone
    }

    /// What the scanner must give for a well-formed literal, by the standard library alone.
    static func reference(_ text: String) -> CELValue {
        if !text.contains(where: { ".eE".contains($0) }), let int = Int64(text) { return .int(int) }
        return .double(Double(text)!)
    }

    static func expectSame(_ text: String) {
        let got = number(text)
        switch (got, reference(text)) {
        case (.int(let a)?, .int(let b)): #expect(a == b, "\(text)")
        case (.double(let a)?, .double(let b)): #expect(a.bitPattern == b.bitPattern, "\(text): \(a) vs \(b)")
        default: Issue.record("\(text): \(String(describing: got)) vs \(reference(text))")
        }
    }

    @Test func randomLiteralsEqualTheStandardParseBitForBit() {
        var random = SeededRandom(seed: 13)
        for _ in 0..<300_000 {
            let digits = (0..<Int.random(in: 1...22, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }
            var text = Bool.random(using: &random) ? "-" : ""
            let whole = digits.prefix(Int.random(in: 1...digits.count, using: &random))
            text += whole.count > 1 && whole.first == "0" ? "1" + whole.dropFirst().joined() : whole.joined()
            let fraction = digits.dropFirst(whole.count)
            if !fraction.isEmpty { text += "." + fraction.joined() }
            if Int.random(in: 0...2, using: &random) == 0 {
                text += ["e", "E"][Int.random(in: 0...1, using: &random)] + ["", "+", "-"][Int.random(in: 0...2, using: &random)]
                text += "\(Int.random(in: 0...40, using: &random))"
            }
            Self.expectSame(text)
        }
    }

    @Test func edgeLiteralsEqualTheStandardParseBitForBit() {
        let edges = ["0", "-0", "0.0", "-0.0", "0e0", "-0e-0", "0.000", "1e22", "1e23", "-1e-22", "1e-23", "12.5", "12.50",
                     "0.001", "0.1", "0.2", "0.3", "4.35", "99.99", "1.7976931348623157e308", "2.2250738585072014e-308",
                     "4.9e-324", "1e-400", "1e400", "0e400", "1e4000000000000", "123e-4000000000000",
                     "9007199254740992", "9007199254740993", "9007199254740992.0", "9007199254740993.0",
                     "900719925474099.2", "900719925474099.3", "9007199254740993e-1", "9007199254740992e22",
                     "1234567890123456789e-5", "12345678901234567890e-5", "1234567890123456789.5", "0.1234567890123456789",
                     "0.12345678901234567891", "0.0000000000000000000000001", "9223372036854775807", "-9223372036854775808",
                     "9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
                     "99999999999999999999", "123456789012345678901234567890", "1.5e-7", "5e-324", "2.5e-324"]
        for text in edges { Self.expectSame(text) }
    }

    @Test func theFastPathStopsWhereExactnessEnds() {
        let limit: UInt64 = 1 << 53
        #expect(JSONValueScanner.exactDouble(mantissa: limit, exponent: 22, negative: false) == 9007199254740992e22)
        #expect(JSONValueScanner.exactDouble(mantissa: limit + 1, exponent: 0, negative: false) == nil)
        #expect(JSONValueScanner.exactDouble(mantissa: 1, exponent: 23, negative: false) == nil)
        #expect(JSONValueScanner.exactDouble(mantissa: 1, exponent: -23, negative: false) == nil)
        #expect(JSONValueScanner.exactDouble(mantissa: 0, exponent: -1, negative: true)?.sign == .minus)
        #expect(JSONValueScanner.exactDouble(mantissa: 125, exponent: -1, negative: false) == 12.5)
    }
}
