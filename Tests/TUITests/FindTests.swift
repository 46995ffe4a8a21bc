import Foundation
import TUI
import XCTest

/// Find, replace and find in project as a user drives them.
final class FindTests: XCTestCase {
    func testFindCountsWrapsAndItsPrefilledTextIsReplacedByTyping() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.keys(.control("f"))
        harness.type("return\n")
        XCTAssertEqual(harness.workbench.status, "1 of 2  (line 3)")
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.status, "2 of 2  (line 4)")
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.status, "1 of 2 — wrapped to the top  (line 3)")
        harness.keys(.escape, .control("f"))
        XCTAssertTrue(harness.screen.contains("Find [aa] [w] [..]: return"))
        harness.type("ctx")  // replaces the selected "return"
        XCTAssertTrue(harness.screen.contains("Find [aa] [w] [..]: ctx"), harness.screen)
        harness.keys(.backspace)
        XCTAssertTrue(harness.screen.contains("Find [aa] [w] [..]: ct\n") || harness.screen.contains("Find [aa] [w] [..]: ct "))
    }

    func testCaseWholeWordAndRegexToggles() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.keys(.control("f"))
        harness.type("Return")
        harness.keys(.alt("c"))
        XCTAssertEqual(harness.workbench.status, "0 matches [Aa] [w] [..]")
        harness.keys(.alt("c"))
        XCTAssertEqual(harness.workbench.status, "2 matches [aa] [w] [..]")
        for _ in 0..<6 { harness.keys(.backspace) }
        harness.type("ret")
        harness.keys(.alt("w"))
        XCTAssertEqual(harness.workbench.status, "0 matches [aa] [W] [..]", "'ret' is no whole word")
        harness.keys(.alt("w"))
        for _ in 0..<3 { harness.keys(.backspace) }
        harness.type("r.t+urn")
        harness.keys(.alt("r"))
        XCTAssertEqual(harness.workbench.status, "2 matches [aa] [w] [.*]")
        harness.type("(")
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.status, "not a valid regular expression: r.t+urn(")
    }

    func testReplaceOneAtATimeOrAll() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.keys(.control("r"))
        harness.type("return\n")
        harness.type("yield\n")  // selects the first match
        XCTAssertEqual(harness.workbench.status, "Replace this one? 1 of 2")
        harness.keys(.enter)  // replaces it, selects the next
        XCTAssertEqual(harness.workbench.status, "Replace this one? 1 of 1")
        harness.keys(.escape)
        let text = try XCTUnwrap(harness.workbench.activeTab?.document.text)
        XCTAssertEqual(text.components(separatedBy: "yield").count - 1, 1)
        XCTAssertEqual(text.components(separatedBy: "return").count - 1, 1)
        harness.keys(.control("z"))
        XCTAssertEqual(harness.workbench.activeTab?.document.text.contains("yield"), false)
    }

    func testFindInProjectListsEveryFileAndOpensAtTheMatch() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.alt("f"))
        harness.type("home\n")
        assertGolden(harness.screen, "find-in-project")
        harness.keys(.down, .enter)
        let tab = try XCTUnwrap(harness.workbench.activeTab)
        XCTAssertEqual(tab.document.path, "features/clicks.yaml")
        XCTAssertEqual(tab.document.cursor, TextPosition(line: 0, column: 16))
    }
}
