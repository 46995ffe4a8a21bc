import TUI
import XCTest

/// Soft wrap: rows break after spaces so words stay whole; a word longer than a row breaks
/// where it must; CJK text breaks between characters.
final class LineLayoutTests: XCTestCase {
    private func rows(_ text: String, width: Int) -> [String] {
        let characters = Array(text)
        let layout = LineLayout(characters, width: width)
        return layout.rowStarts.indices.map { row in
            let start = layout.rowStarts[row]
            let end = row + 1 < layout.rowCount ? layout.rowStarts[row + 1] : characters.count
            return String(characters[start..<end])
        }
    }

    func testRowsBreakAfterSpacesKeepingWordsWhole() {
        XCTAssertEqual(rows("the quick brown fox jumps", width: 10), ["the quick ", "brown fox ", "jumps"])
        XCTAssertEqual(rows("where: page == \"home\"", width: 12), ["where: page ", "== \"home\""])
    }

    func testAWordLongerThanARowBreaksWhereItMust() {
        XCTAssertEqual(rows("a supercalifragilistic word", width: 8), ["a ", "supercal", "ifragili", "stic ", "word"])
    }

    func testCJKBreaksBetweenCharacters() {
        XCTAssertEqual(rows("name 購入履歴の特徴量", width: 10), ["name 購入", "履歴の特徴", "量"])
    }

    func testColumnsFollowTheMovedWord() {
        let layout = LineLayout(Array("the quick brown"), width: 10)
        XCTAssertEqual(layout.point(ofCharacter: 10).row, 1)  // "b"
        XCTAssertEqual(layout.point(ofCharacter: 10).column, 0)
        XCTAssertEqual(layout.characterIndex(row: 1, column: 2), 12)  // "o"
    }
}
