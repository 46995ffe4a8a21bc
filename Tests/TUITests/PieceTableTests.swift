import TUI
import XCTest

final class PieceTableTests: XCTestCase {
    /// Random inserts and deletes, compared after each step with a plain string doing the same.
    func testRandomEditsMatchAPlainString() {
        var generator = SplitMix(seed: 42)
        var table = PieceTable("first line\nsecond\n\nfourth 你好\n")
        var model = Array("first line\nsecond\n\nfourth 你好\n".utf8)
        let snippets = ["a", "\n", "xy\nz", "好", "", "\n\n", "long text without breaks"]
        for _ in 0..<2_000 {
            if generator.next() % 3 == 0, !model.isEmpty {
                let start = Int(generator.next() % UInt64(model.count))
                let end = min(model.count, start + Int(generator.next() % 6))
                guard String(bytes: model[..<start], encoding: .utf8) != nil, String(bytes: model[..<end], encoding: .utf8) != nil else { continue }
                table.delete(start..<end)
                model.removeSubrange(start..<end)
            } else {
                let offset = Int(generator.next() % UInt64(model.count + 1))
                guard String(bytes: model[..<offset], encoding: .utf8) != nil else { continue }
                let snippet = snippets[Int(generator.next() % UInt64(snippets.count))]
                table.insert(snippet, at: offset)
                model.insert(contentsOf: Array(snippet.utf8), at: offset)
            }
            let expected = String(decoding: model, as: UTF8.self)
            XCTAssertEqual(table.text, expected)
            let lines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(table.lineCount, lines.count)
            let probe = Int(generator.next() % UInt64(lines.count))
            XCTAssertEqual(table.line(probe), lines[probe])
            let offset = table.offset(ofLine: probe)
            XCTAssertEqual(table.line(containing: offset), probe)
        }
    }

    func testAHundredThousandLineFileKeepsOnePieceUntilEdited() {
        let text = (1...100_000).map { "line \($0): value" }.joined(separator: "\n")
        var table = PieceTable(text)
        XCTAssertEqual(table.lineCount, 100_000)
        XCTAssertEqual(table.line(99_999), "line 100000: value")
        table.insert("X", at: table.offset(ofLine: 50_000))
        XCTAssertEqual(table.line(50_000), "Xline 50001: value")
        XCTAssertEqual(table.line(50_001), "line 50002: value")
        XCTAssertEqual(table.lineCount, 100_000)
    }

    func testTypingRunExtendsOnePiece() {
        var table = PieceTable("ab")
        for (index, character) in "hello".enumerated() { table.insert(String(character), at: 1 + index) }
        XCTAssertEqual(table.text, "ahellob")
    }
}

/// A small seeded generator so failures repeat.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
