import Foundation
import Testing
@testable import Engine

/// `PlainJSON` writes numbers and strings as bytes by hand; the texts must stay exactly what
/// Swift's own `description` and `String(_:)` write, and strings must read back as themselves.
@Suite struct PlainJSONNumberTests {
    static func written(_ value: CELValue) -> String { PlainJSON.text(value) }

    @Test func doublesAreWrittenAsTheirDescription() {
        var random = SeededRandom(seed: 606)
        var doubles: [Double] = [0, -0.0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 12.5, 75.96, 2441.94, 1e-3, 0.000999, 1e-4, 1e-5,
                                 999_999_999_999_999, 1e15, 1e15 - 0.5, 123_456_789_012.345, 9_007_199_254_740_993,
                                 .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e22, 1e23,
                                 4.35, 0.123456, 0.1234567, 5e-324, -2.5e-7]
        for _ in 0..<20_000 {
            let cents = Double(Int64(random.next() % 2_000_000) - 1_000_000)
            doubles.append(cents / 100)  // prices
            doubles.append(cents / Double([1, 10, 1_000, 100_000, 1_000_000, 10_000_000][Int(random.next() % 6)]))
            doubles.append(Double(bitPattern: random.next()))
            doubles.append(Double(random.next() % 1_000_000_000) * pow(10, Double(Int(random.next() % 40) - 20)))
        }
        for d in doubles where d.isFinite {
            #expect(Self.written(.double(d)) == d.description, "\(d.bitPattern)")
        }
        #expect(Self.written(.double(.nan)) == "\"NaN\"")
        #expect(Self.written(.double(-.infinity)) == "\"-Infinity\"")
    }

    @Test func integersAreWrittenAsTheirDecimalText() {
        var random = SeededRandom(seed: 607)
        let ints: [Int64] = [0, 1, -1, 9, 10, -10, .max, .min] + (0..<5_000).map { _ in Int64(bitPattern: random.next()) >> Int64(random.next() % 63) }
        for i in ints { #expect(Self.written(.int(i)) == String(i)) }
        for u: UInt64 in [0, 7, .max, 1 << 63] { #expect(Self.written(.uint(u)) == String(u)) }
    }

    @Test func stringsReadBackAsThemselves() throws {
        let texts = ["", "plain", "café 点击 🛒", "quote\"back\\slash", "new\nline\rtab\t", "\u{1}\u{1f}\u{7f}", "a/b", "é\"\u{0}"]
        for text in texts {
            let line = Self.written(.list([.string(text)]))
            let read = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String]
            #expect(read == [text], "\(line)")
            // Control characters are written as \u00XX, lowercase, and nothing else is escaped
            // beyond quote, backslash, \n, \r and \t.
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 })
        }
        #expect(Self.written(.string("\u{1}/")) == #""\u0001/""#)
    }
}
