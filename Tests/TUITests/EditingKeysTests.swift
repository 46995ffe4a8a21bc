import Foundation
import TUI
import XCTest

/// Keys people bring from VS Code and micro, and the mouse: Ctrl-D, Ctrl-/, Alt-↑/↓,
/// Ctrl-Shift-←/→, drag to select, double click on a word.
final class EditingKeysTests: XCTestCase {
    private func open(_ path: String) throws -> (WorkbenchHarness, EditorDocument) {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile(path)
        return (harness, try XCTUnwrap(harness.workbench.activeTab?.document))
    }

    private func selected(_ document: EditorDocument) -> String? { document.selection.map { document.text(in: $0) } }

    func testControlDSelectsTheWordThenItsNextOccurrence() throws {
        let (harness, document) = try open("scripts/score.py")
        harness.keys(.down, .down, .down, .home, .right)  // inside "    return None"
        harness.keys(.control("d"))
        XCTAssertEqual(selected(document), "return")
        XCTAssertEqual(document.selection?.lowerBound.line, 3)
        harness.keys(.control("d"))  // none after it: wraps to the one before
        XCTAssertEqual(selected(document), "return")
        XCTAssertEqual(document.selection?.lowerBound.line, 2)
    }

    func testControlSlashTogglesCommentsOnTheSelectedLines() throws {
        let (harness, document) = try open("scripts/score.py")
        harness.keys(.down, .shiftDown, .shiftEnd)  // lines 2 and 3 touched
        harness.keys(.control("/"))
        XCTAssertEqual(document.line(1), "    # if ctx[\"clicks\"] > 3:")
        XCTAssertEqual(document.line(2), "    #     return {\"show\": True}")
        harness.keys(.control("/"))
        XCTAssertEqual(document.line(1), "    if ctx[\"clicks\"] > 3:")
        XCTAssertEqual(document.line(2), "        return {\"show\": True}")
        harness.workbench.openFile("data/sample.json")
        harness.keys(.control("/"))
        XCTAssertEqual(harness.workbench.status, "json has no line comments.")
    }

    func testAltUpAndDownMoveLinesAndUndoInOneStep() throws {
        let (harness, document) = try open("scripts/score.py")
        let original = document.text
        harness.keys(.down, .down, .down)  // "    return None"
        harness.keys(.altUp)
        XCTAssertEqual(document.line(2), "    return None")
        XCTAssertEqual(document.line(3), "        return {\"show\": True}")
        XCTAssertEqual(document.cursor.line, 2)
        harness.keys(.altDown, .altDown)  // back, then past the empty last line
        XCTAssertEqual(document.line(2), "        return {\"show\": True}")
        XCTAssertEqual(document.line(3), "")
        XCTAssertEqual(document.line(4), "    return None")
        harness.keys(.control("z"), .control("z"), .control("z"))
        XCTAssertEqual(document.text, original)
    }

    func testControlShiftArrowsSelectByWord() throws {
        let (harness, document) = try open("scripts/score.py")
        harness.keys(.controlShiftRight, .controlShiftRight)
        XCTAssertEqual(selected(document), "def decide")
        harness.keys(.controlShiftLeft)
        XCTAssertEqual(selected(document), "def ")
    }

    func testDragSelectsAndDoubleClickSelectsAWord() throws {
        let (harness, document) = try open("scripts/score.py")
        let editor = harness.workbench.layout.editor
        let gutter = 6  // "   1  "
        let row = editor.y  // line 1: "def decide(ctx):"
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: editor.x + gutter + 4, y: row))))
        harness.workbench.handle(.mouse(MouseEvent(.drag, at: Point(x: editor.x + gutter + 8, y: row))))
        harness.workbench.handle(.mouse(MouseEvent(.drag, at: Point(x: editor.x + gutter + 10, y: row))))
        XCTAssertEqual(selected(document), "decide")
        assertGolden(harness.screen, "drag-selection")
        harness.workbench.handle(.mouse(MouseEvent(.doubleClick, at: Point(x: editor.x + gutter + 12, y: row))))
        XCTAssertEqual(selected(document), "ctx")
    }
}
