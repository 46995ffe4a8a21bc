import TUI
import XCTest

final class CellBufferTests: XCTestCase {
    func testWideCharactersTakeTwoCells() {
        XCTAssertEqual(DisplayWidth.of("你好, world"), 11)
        XCTAssertEqual(DisplayWidth.of("é"), 1)
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("ｶ"), 1)
        XCTAssertEqual(DisplayWidth.of("한국"), 4)
    }

    func testWritePlacesWideCharactersAndBlanksOneThatDoesNotFit() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        let end = buffer.write("a你好", x: 0, y: 0, style: .plain)
        XCTAssertEqual(end, 5)
        XCTAssertEqual(buffer.text, "a你好")
        XCTAssertTrue(buffer[2, 0].isContinuation)

        var narrow = CellBuffer(size: Size(width: 4, height: 1))
        narrow.write("ab你好", x: 0, y: 0, style: .plain, limit: 3)
        XCTAssertEqual(narrow.text, "ab")
    }

    func testOverwritingHalfOfAWideCharacterClearsTheOtherHalf() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        buffer.write("你好", x: 0, y: 0, style: .plain)
        buffer.write("x", x: 1, y: 0, style: .plain)
        XCTAssertEqual(buffer.text, " x好")
    }

    func testLineLayoutWrapsWithoutSplittingWideCharacters() {
        let layout = LineLayout(Array("ab你好cd"), width: 5)
        XCTAssertEqual(layout.rowStarts, [0, 3])
        XCTAssertEqual(layout.point(ofCharacter: 3).row, 1)
        XCTAssertEqual(layout.point(ofCharacter: 3).column, 0)
        // Column 3 on row 0 lies inside 你: the position lands before it, never inside.
        XCTAssertEqual(layout.characterIndex(row: 0, column: 3), 2)
        XCTAssertEqual(layout.characterIndex(row: 1, column: 9), 6)
    }
}
