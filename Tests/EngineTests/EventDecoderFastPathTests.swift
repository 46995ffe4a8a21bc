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
