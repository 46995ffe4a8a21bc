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

    @Test func anInvalidByteIsFoundAtItsColumnWhereverItFallsInAnEightByteBlock() {
        let line = Array(#"{"ts": 1, "type": "abcdefghijklmnopqrstuvwxyz"}"#.utf8)
        for position in 19..<44 {
            var bytes = line
            bytes[position] = 0xC0  // never valid in UTF-8
            #expect(decoder.decodeAll(bytes).errors.first?.column == position + 1, "byte \(position)")
        }
    }
}

/// Numbers read without `strtod` must be the very doubles `strtod` gives.
@Suite struct ExactDoubleTests {
    static func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { JSONValueScanner.exactDouble($0) }
    }

    @Test func fastPathDoublesEqualTheGeneralParseBitForBit() {
        var random = SeededRandom(seed: 13)
        var fast = 0
        for _ in 0..<200_000 {
            let digits = (0..<Int.random(in: 1...18, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }
            var text = Bool.random(using: &random) ? "-" : ""
            let whole = digits.prefix(Int.random(in: 1...digits.count, using: &random))
            text += whole.count > 1 && whole.first == "0" ? "1" + whole.dropFirst().joined() : whole.joined()
            let fraction = digits.dropFirst(whole.count)
            if !fraction.isEmpty { text += "." + fraction.joined() }
            if Int.random(in: 0...2, using: &random) == 0 { text += "e\(Int.random(in: -30...30, using: &random))" }
            guard let exact = Self.double(text) else { continue }
            fast += 1
            #expect(exact.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        #expect(fast > 50_000)
    }

    @Test func literalsOutsideTheFastPathAreLeftToTheGeneralParse() {
        #expect(Self.double("1234567890123456") == nil)  // 16 digits
        #expect(Self.double("1e23") == nil && Self.double("1.5e-30") == nil)
        #expect(Self.double("-0.0")?.sign == .minus && Self.double("12.50") == 12.5 && Self.double("0.001") == 0.001)
    }
}
