import EngineProtocol
import Foundation
import TUI
import XCTest

/// The Features pane's behaviour: grouped features expand by key, watched features are
/// pinned and tracked by the engine, the selected feature's lineage and changes show.
final class FeaturesPaneBehaviourTests: XCTestCase {
    private func harness() throws -> WorkbenchHarness {
        let harness = try WorkbenchHarness(size: Size(width: 120, height: 40))
        PaneGoldenTests.feed(harness.workbench)
        return harness
    }

    private func listRows(_ h: WorkbenchHarness) -> [String] {
        // The panel is the screen's last rows above the status and hint bars.
        h.screen.split(separator: "\n").map(String.init).filter { $0.contains("home_clicks") || $0.contains("spend_by_item") || $0.contains("top_pages")
            || $0.contains("\"shoes\"") || $0.contains("\"hat\"") }
    }

    func testAGroupedFeatureExpandsByKeyAndCollapses() throws {
        let h = try harness()
        h.keys(.alt("5"), .down)
        XCTAssertTrue(h.screen.contains(" ▸ spend_by_item"), h.screen)
        h.keys(.right)
        let screen = h.screen
        XCTAssertTrue(screen.contains(" ▾ spend_by_item"), screen)
        let shoes = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("    \"shoes\"") })
        XCTAssertTrue(shoes.contains("50.0"), String(shoes))  // the last poll's value for that key
        // 30, 35, 40, 45, 50 on eight levels from ▁ (30) to █ (50).
        XCTAssertTrue(shoes.contains("▁▂▄▆█"), "a sparkline of the key's values: \(shoes)")
        XCTAssertTrue(shoes.contains("↻ 10:02:01 click"), "the key's last change and its event: \(shoes)")
        let hat = try XCTUnwrap(screen.split(separator: "\n").first { $0.contains("    \"hat\"") })
        XCTAssertFalse(hat.contains("↻"), "hat did not change: \(hat)")
        // ← on a key goes back to its feature and collapses it.
        h.keys(.down, .left)
        XCTAssertTrue(h.screen.contains(" ▸ spend_by_item"), h.screen)
        XCTAssertFalse(h.screen.contains("\"shoes\"  "), h.screen)
        // Enter expands a grouped feature (a second Enter opens its definition).
        h.keys(.enter)
        XCTAssertTrue(h.screen.contains(" ▾ spend_by_item"), h.screen)
        // An ungrouped feature has no keys.
        h.keys(.up, .right)
        XCTAssertEqual(h.workbench.status, "home_clicks is not grouped: it has no keys to show.")
    }

    func testWatchPinsAFeatureAtTheTopAndKeepsItTracked() throws {
        let h = try harness()
        h.keys(.alt("5"))
        // While the pane shows, the engine tracks every feature shown.
        XCTAssertEqual(h.environment.trackedFeatures.last, ["home_clicks", "spend_by_item", "top_pages"])
        h.keys(.down, .down, .character("w"))
        XCTAssertEqual(h.workbench.status, "Watching top_pages: pinned at the top, each change listed with its event.")
        let rows = listRows(h)
        XCTAssertTrue(rows.first?.hasPrefix("★  top_pages") == true, rows.joined(separator: "\n"))
        // Elsewhere, only the watched one stays tracked.
        h.keys(.alt("1"))
        XCTAssertEqual(h.environment.trackedFeatures.last, ["top_pages"])
        // The palette's command unwatches the selected one (still top_pages, now first).
        h.keys(.alt("5"), .control("p"))
        h.type("Watch the selected")
        h.keys(.enter)
        XCTAssertEqual(h.workbench.status, "No longer watching top_pages.")
        h.keys(.alt("1"))
        XCTAssertEqual(h.environment.trackedFeatures.last, [])
    }

    func testTheSelectedFeaturesLineageAndChangesShowBesideTheList() throws {
        let h = try harness()
        h.keys(.alt("5"))
        let screen = h.screen
        XCTAssertTrue(screen.contains("│ home_clicks ← shared state 1: on [click]"), screen)
        XCTAssertTrue(screen.contains("│   where page == \"home\", window sliding 10m"), screen)
        XCTAssertTrue(screen.contains("│ read by decision score (scripts/score.py) on"), screen)
        XCTAssertTrue(screen.contains("│   event click"), screen)
        // Newest change first, each with the event that made it.
        let lines = screen.split(separator: "\n").map(String.init)
        let newest = try XCTUnwrap(lines.firstIndex { $0.contains("10:02:01.000  2 → 3") })
        let older = try XCTUnwrap(lines.firstIndex { $0.contains("10:02:00.500  1 → 2") })
        XCTAssertLessThan(newest, older)
        XCTAssertTrue(lines[newest + 1].contains(#"  by click {"item":"sku1"} · page home"#), lines[newest + 1])
        // A feature with no recorded change says how to get them.
        h.keys(.down, .down)
        XCTAssertTrue(h.screen.contains("no change since tracked; w watches it"), h.screen)
    }

    /// On a narrow terminal there is no column beside the list: Space shows it all.
    func testSpaceShowsLineageAndChangesOnANarrowScreen() throws {
        let h = try WorkbenchHarness(size: Size(width: 80, height: 30))
        PaneGoldenTests.feed(h.workbench)
        h.keys(.alt("5"))
        XCTAssertFalse(h.screen.contains("read by"), h.screen)
        h.keys(.character(" "))
        let screen = h.screen
        XCTAssertTrue(screen.contains("home_clicks ← shared state 1: on [click]"), screen)
        XCTAssertTrue(screen.contains("read by decision score (scripts/score.py) on event click"), screen)
        XCTAssertTrue(screen.contains("10:02:00.500  1 → 2"), screen)
        h.keys(.character("c"))
        XCTAssertFalse(h.screen.contains("read by"), h.screen)
    }
}
