import Testing
@testable import Engine

/// Strings written as the standard library's small-string words must be the very strings
/// `String(decoding:)` makes from the same bytes: same bits, equal, same hash.
@Suite struct SmallASCIIStringTests {
    static func bits(_ text: String) -> (UInt64, UInt64) { unsafeBitCast(text, to: (UInt64, UInt64).self) }

    /// Builds from `bytes` placed at the start of a buffer with `slack` more bytes after them.
    static func make(_ bytes: [UInt8], slack: Int) -> String? {
        let buffer = bytes + [UInt8](repeating: UInt8(ascii: "\""), count: slack)
        return buffer.withUnsafeBufferPointer {
            SmallASCIIString.make($0.baseAddress!, count: bytes.count, readable: buffer.count)
        }
    }

    @Test func theLayoutHoldsOnThisPlatformSoTheFastPathIsTheOneTested() {
        #expect(SmallASCIIString.layoutHolds)
    }

    @Test func everyLengthOfRandomASCIIMatchesTheStandardLibrary() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<20_000 {
            let count = Int(random.next() % 16)
            let bytes = (0..<count).map { _ in UInt8(random.next() % 128) }
            let reference = String(decoding: bytes, as: UTF8.self)
            // Both ways of reading: byte by byte near a line's end, two words with room after.
            for slack in [0, 16] {
                guard let made = Self.make(bytes, slack: slack) else {
                    Issue.record("\(bytes) with \(slack) bytes after: not made")
                    continue
                }
                #expect(Self.bits(made) == Self.bits(reference), "\(bytes)")
                #expect(made == reference && made.hashValue == reference.hashValue && made.utf8.elementsEqual(bytes))
            }
        }
    }

    @Test func longOrNonASCIIBytesAreLeftToTheStandardLibrary() {
        #expect(Self.make(Array("abcdefghijklmnop".utf8), slack: 8) == nil)  // 16 bytes
        for text in ["é", "abcdefgh\u{E9}", "中文", "\u{7F}\u{80}"] {
            #expect(Self.make(Array(text.utf8), slack: 16) == nil, "\(text)")
            #expect(Self.make(Array(text.utf8), slack: 0) == nil, "\(text)")
        }
        // Bytes after the string never leak into it, whatever they are.
        let after: [UInt8] = [0xFF, 0xC3, 0xA9, 0x22, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B]
        let made = (Array("sku1".utf8) + after).withUnsafeBufferPointer {
            SmallASCIIString.make($0.baseAddress!, count: 4, readable: $0.count)
        }
        #expect(made.map(Self.bits) ?? (0, 0) == Self.bits(String(decoding: Array("sku1".utf8), as: UTF8.self)))
    }
}
