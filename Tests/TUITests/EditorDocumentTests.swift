import TUI
import XCTest

final class EditorDocumentTests: XCTestCase {
    func testUndoTakesBackAWholeTypingRunAndRedoReplaysIt() {
        let document = EditorDocument(path: "a.yaml", text: "name: x\n")
        document.cursor = TextPosition(line: 0, column: 7)
        for character in "yz" { document.insert(String(character), asTyping: true) }
        document.prepareMove(selecting: false)
        document.moveLeft()
        for character in "12" { document.insert(String(character), asTyping: true) }
        XCTAssertEqual(document.line(0), "name: xy12z")
        document.undo()
        XCTAssertEqual(document.line(0), "name: xyz")
        document.undo()
        XCTAssertEqual(document.line(0), "name: x")
        XCTAssertFalse(document.isModified)
        document.redo()
        XCTAssertEqual(document.line(0), "name: xyz")
        XCTAssertEqual(document.cursor, TextPosition(line: 0, column: 9))
        XCTAssertTrue(document.isModified)
    }

    func testEnterIndentsLikeTheLineAndOneLevelMoreAfterABlockOpener() {
        let yaml = EditorDocument(path: "f.yaml", text: "window:")
        yaml.moveToEnd()
        yaml.insertNewline()
        yaml.insert("sliding: 10m")
        yaml.insertNewline()
        XCTAssertEqual(yaml.text, "window:\n  sliding: 10m\n  ")

        let python = EditorDocument(path: "s.py", text: "def f():")
        python.moveToEnd()
        python.insertNewline()
        XCTAssertEqual(python.text, "def f():\n    ")
    }

    func testTabInsertsSpacesToTheFileTypesIndentStop() {
        let yaml = EditorDocument(path: "f.yaml", text: "a")
        yaml.moveToEnd()
        yaml.insertIndent()
        XCTAssertEqual(yaml.text, "a ")
        let python = EditorDocument(path: "s.py", text: "")
        python.insertIndent()
        XCTAssertEqual(python.text, "    ")
    }

    func testCursorMovesOverCJKCharactersWhole() {
        let document = EditorDocument(path: "n.yaml", text: "名前: 値\nx")
        document.moveRight()
        XCTAssertEqual(document.cursor.column, 1)
        document.insert("X", asTyping: true)
        XCTAssertEqual(document.line(0), "名X前: 値")
        document.deleteBackward()
        document.deleteForward()
        XCTAssertEqual(document.line(0), "名: 値")
        document.moveEnd()
        document.moveRight()
        XCTAssertEqual(document.cursor, TextPosition(line: 1, column: 0))
    }

    func testSelectionReplaceAndDeleteAcrossLines() {
        let document = EditorDocument(path: "a.yaml", text: "one\ntwo\nthree")
        document.cursor = TextPosition(line: 0, column: 1)
        document.prepareMove(selecting: true)
        document.cursor = TextPosition(line: 2, column: 2)
        XCTAssertEqual(document.selectedText, "ne\ntwo\nth")
        document.insert("-")
        XCTAssertEqual(document.text, "o-ree")
        document.undo()
        XCTAssertEqual(document.text, "one\ntwo\nthree")
    }

    func testFindWrapsAroundAndReplaceAllIsOneUndoStep() {
        let document = EditorDocument(path: "a.yaml", text: "agg: count\nname: count_x\nCOUNT")
        let first = document.find("count", from: TextPosition(line: 1, column: 0))
        XCTAssertEqual(first?.lowerBound, TextPosition(line: 1, column: 6))
        let wrapped = document.find("count", from: TextPosition(line: 2, column: 1))
        XCTAssertEqual(wrapped?.lowerBound, TextPosition(line: 0, column: 5))
        XCTAssertNil(document.find("missing", from: .start))
        XCTAssertEqual(document.replaceAll("count", with: "sum"), 3)
        XCTAssertEqual(document.text, "agg: sum\nname: sum_x\nsum")
        document.undo()
        XCTAssertEqual(document.text, "agg: count\nname: count_x\nCOUNT")
    }

    func testHighlighterMarksKeysStringsNumbersAndComments() {
        let yaml = SyntaxHighlighter.kinds(of: Array("agg: sum  # total"), as: .yaml)
        XCTAssertEqual(yaml[0], .key)
        XCTAssertEqual(yaml[3], .punctuation)
        XCTAssertEqual(yaml.last, .comment)
        let python = SyntaxHighlighter.kinds(of: Array("return 'a' if x else 3"), as: .python)
        XCTAssertEqual(python[0], .keyword)
        XCTAssertEqual(python[7], .string)
        XCTAssertEqual(python.last, .number)
        // YAML constants and numbers only as a whole plain scalar, or a flow item.
        func kinds(_ text: String) -> [TokenKind] { SyntaxHighlighter.kinds(of: Array(text), as: .yaml) }
        let sentence = "description: the user is on the home page since 2024 # note"
        let scalar = sentence.distance(from: sentence.startIndex, to: sentence.range(of: "the")!.lowerBound)
        XCTAssertTrue(kinds(sentence)[scalar..<(scalar + 39)].allSatisfy { $0 == .plain }, "\(kinds(sentence))")
        XCTAssertEqual(kinds(sentence).last, .comment)
        XCTAssertEqual(kinds("enabled: on")[9], .constant)
        XCTAssertEqual(kinds("window: 10m")[8], .number)
        XCTAssertEqual(kinds("where: page == \"home\" && on")[7], .plain)
        XCTAssertEqual(kinds("where: page == \"home\" && on")[16], .string)
        XCTAssertEqual(kinds("where: page == \"home\" && on").last, .plain)
        XCTAssertEqual(kinds("flags: [on, off, maybe on]")[8], .constant)
        XCTAssertEqual(kinds("flags: [on, off, maybe on]")[12], .constant)
        let json = SyntaxHighlighter.kinds(of: Array("{\"a\": true}"), as: .json)
        XCTAssertEqual(json[1], .key)
        XCTAssertEqual(json[6], .constant)
    }
}
