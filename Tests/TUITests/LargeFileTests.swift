import Foundation
import TUI
import XCTest

final class LargeFileTests: XCTestCase {
    /// 100 000 lines: open, page through, jump to the end and back, edit in the middle.
    func testAHundredThousandLineFileOpensScrollsAndEdits() throws {
        let root = try FixtureProject.make()
        let text = (1...100_000).map { "value_\($0): \($0 * 3)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/data/huge.yaml"))
        let harness = try WorkbenchHarness(root: root)
        harness.workbench.openFile("data/huge.yaml")
        for _ in 0..<50 { harness.keys(.pageDown) }
        XCTAssertTrue(harness.screen.contains("value_"))
        harness.keys(.controlEnd)
        XCTAssertTrue(harness.screen.contains("100000  value_100000: 300000"), harness.screen)
        XCTAssertTrue(harness.screen.contains("100001"))
        harness.keys(.control("g"))
        harness.type("50000")
        harness.keys(.enter, .end)
        harness.type(" # edited")
        XCTAssertTrue(harness.screen.contains(" 50000  value_50000: 150000 # edited"), harness.screen)
        harness.keys(.control("s"))
        let saved = try XCTUnwrap(harness.file("data/huge.yaml"))
        XCTAssertEqual(saved.split(separator: "\n")[49_999], "value_50000: 150000 # edited")
        XCTAssertEqual(saved.count, text.count + 9)
    }

    func testMonochromeThemeUsesNoColours() {
        for child in Mirror(reflecting: Theme.monochrome).children {
            guard let style = child.value as? Style else { continue }
            XCTAssertEqual(style.foreground, .terminalDefault, child.label ?? "")
            XCTAssertEqual(style.background, .terminalDefault, child.label ?? "")
        }
    }
}
