import TUI
import XCTest

/// Any terminal size must render, whatever is open, and a resize must leave every scroll
/// position valid: shrinking and growing back shows what was shown before.
final class ResizeTests: XCTestCase {
    /// The views a user can have open when the terminal changes size.
    static var views: [(name: String, open: (WorkbenchHarness) -> Void)] { [
        ("editor", { $0.workbench.openFile("features/clicks.yaml"); $0.keys(.controlEnd) }),
        ("palette", { $0.keys(.control("p")); $0.type("cl") }),
        ("help", { $0.keys(.function(1)) }),
        ("find prompt", { $0.workbench.openFile("scripts/score.py"); $0.keys(.control("f")); $0.type("ret") }),
        ("quit confirmation", { $0.workbench.openFile("data/sample.json"); $0.type("["); $0.keys(.control("q")) }),
    ] }

    func testEverySizeFromOneByOneRendersWithEveryViewOpen() throws {
        for view in Self.views {
            let harness = try WorkbenchHarness()
            view.open(harness)
            for height in 1...14 {
                for width in 1...50 {
                    let size = Size(width: width, height: height)
                    harness.workbench.handle(.resize(size))
                    var buffer = CellBuffer(size: size)
                    if let cursor = harness.workbench.render(into: &buffer) {
                        XCTAssert(cursor.x >= 0 && cursor.x < width && cursor.y >= 0 && cursor.y < height,
                                  "\(view.name) at \(width)×\(height): cursor \(cursor) outside the screen")
                    }
                }
            }
            // Typing and moving in a tiny terminal must not crash either.
            harness.workbench.handle(.resize(Size(width: 3, height: 2)))
            harness.keys(.down, .up, .right, .left, .pageDown, .pageUp)
            var buffer = CellBuffer(size: Size(width: 3, height: 2))
            _ = harness.workbench.render(into: &buffer)
        }
    }

    func testShrinkingAndGrowingBackShowsWhatWasShownBefore() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        let before = harness.screen
        for small in [Size(width: 40, height: 10), Size(width: 20, height: 4), Size(width: 1, height: 1)] {
            harness.workbench.handle(.resize(small))
            var buffer = CellBuffer(size: small)
            _ = harness.workbench.render(into: &buffer)
            harness.workbench.handle(.resize(harness.size))
            XCTAssertEqual(harness.screen, before, "after \(small.width)×\(small.height) and back")
        }
    }

    func testAnEditorScrolledToTheEndFillsTheScreenAgainWhenItGrows() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.keys(.controlEnd)
        harness.type(String(repeating: "x\n", count: 40))
        let before = harness.screen
        harness.workbench.handle(.resize(Size(width: 40, height: 10)))
        var buffer = CellBuffer(size: Size(width: 40, height: 10))
        _ = harness.workbench.render(into: &buffer)
        harness.workbench.handle(.resize(harness.size))
        XCTAssertEqual(harness.screen, before)
    }
}

final class TabBarTests: XCTestCase {
    /// More tabs than fit: the bar scrolls to keep the active one in view, with ‹ › markers, and
    /// a click on a visible tab switches to it.
    func testOverflowingTabsKeepTheActiveOneVisible() throws {
        let harness = try WorkbenchHarness(size: Size(width: 60, height: 12))
        for i in 1...8 {
            try "# \(i)\n".write(toFile: harness.root + "/scripts/module_number_\(i).py", atomically: true, encoding: .utf8)
        }
        harness.workbench.timerFired(.diskCheck)
        for i in 1...8 { harness.workbench.openFile("scripts/module_number_\(i).py") }
        assertGolden(harness.screen, "tabs-overflow-last")
        XCTAssertTrue(harness.screen.contains("‹ module_number_"))
        harness.keys(.alt("."))  // next tab wraps to the first
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "scripts/module_number_1.py")
        let screen = harness.screen
        XCTAssertTrue(screen.contains(" module_number_1.py "), screen)
        XCTAssertTrue(screen.contains("›"), screen)
        let tabRow = harness.workbench.layout.tabBar
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: tabRow.x + 25, y: tabRow.y))))
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "scripts/module_number_2.py")
    }
}
