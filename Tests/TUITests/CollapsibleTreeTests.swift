import XCTest
@testable import TUI

/// The Events pane's behaviour tree folds by node and keeps its folds as the engine's tree
/// moves on.
final class CollapsibleTreeTests: XCTestCase {
    static let tree = [
        "session s1 (10:02:00.000 →)", "  app shop", "    scene main", "      page home", "        click", "        click",
        "      page cart", "  app mail", "session s2 (10:30:00.000 →)", "  app shop",
    ]

    func testUnfoldedEveryLineIsARowWithItsDepth() {
        let rows = CollapsibleTree().rows(of: Self.tree)
        XCTAssertEqual(rows.map(\.text), Self.tree.map { String($0.drop { $0 == " " }) })
        XCTAssertEqual(rows.map(\.depth), [0, 1, 2, 3, 4, 4, 3, 1, 0, 1])
        XCTAssertEqual(rows.map(\.hasChildren), [true, true, true, true, false, false, false, false, true, false])
        XCTAssertEqual(rows[3].path, "session s1/app shop/scene main/page home")
    }

    func testAFoldedNodeHidesWhatIsUnderItAndCountsIt() {
        var tree = CollapsibleTree()
        tree.toggle(tree.rows(of: Self.tree)[1])  // app shop of s1
        let rows = tree.rows(of: Self.tree)
        XCTAssertEqual(rows.map(\.text), ["session s1 (10:02:00.000 →)", "app shop", "app mail", "session s2 (10:30:00.000 →)", "app shop"])
        XCTAssertTrue(rows[1].folded)
        XCTAssertEqual(rows[1].hidden, 5)
        XCTAssertFalse(rows[4].folded, "s2's app shop is another node")
        tree.toggle(rows[1])
        XCTAssertEqual(tree.rows(of: Self.tree).count, Self.tree.count)
    }

    func testAFoldStaysWhenTheSessionsTimesChange() {
        var tree = CollapsibleTree()
        tree.toggle(tree.rows(of: Self.tree)[0])
        var later = Self.tree
        later[0] = "session s1 (10:02:00.000 → 10:20:00.000)"
        later.insert("        scroll", at: 6)
        let rows = tree.rows(of: later)
        XCTAssertEqual(rows.first?.folded, true)
        XCTAssertEqual(rows.first?.hidden, 8)
    }

    func testALeafDoesNotFold() {
        var tree = CollapsibleTree()
        tree.toggle(tree.rows(of: Self.tree)[4])
        XCTAssertTrue(tree.folded.isEmpty)
    }
}
