import EngineProtocol
import XCTest
@testable import TUI

/// The Patterns pane lists a pattern's latest matches from the engine's log records.
final class PatternMatchesTests: XCTestCase {
    static func entry(_ ts: Int64, _ line: String) -> LogLine { LogLine(LogEntry(line: line, ts: ts, level: "info")) }

    static let matchRecords: [LogLine] = [
        entry(1_795_255_300_000, #"{"record":"match","pattern":"back_home","ts":1795255300000,"steps":{"home":[{"type":"page_enter","page":"home"}],"product":[{"type":"page_enter","page":"product"}]}}"#),
        entry(1_795_255_305_000, #"{"record":"match","pattern":"other","ts":1795255305000,"steps":{"a":[{"type":"click"}]}}"#),
        entry(1_795_255_306_000, #"{"record":"decision","decision":"coupon_popup","ts":1795255306000}"#),
        entry(1_795_255_307_000, #"{"play":"s","record":"match","pattern":"back_home","ts":1795255307000,"steps":{"home":[{"type":"page_enter"}]}}"#),
        entry(1_795_255_310_000, #"{"record":"match","pattern":"back_home","ts":1795255310000,"steps":{"home":[{"type":"page_enter","page":"home"}],"product":[{"type":"page_enter","page":"cart"}]}}"#),
    ]

    func testOnlyThePatternsLiveMatchesNewestFirst() {
        let matches = Workbench.recentMatches(of: "back_home", in: Self.matchRecords, limit: 5)
        XCTAssertEqual(matches.map(\.ts), [1_795_255_310_000, 1_795_255_300_000])
        XCTAssertEqual(matches.first?.steps, #"{"home":[{"page":"home","type":"page_enter"}],"product":[{"page":"cart","type":"page_enter"}]}"#)
    }

    func testTheLimitKeepsTheNewest() {
        XCTAssertEqual(Workbench.recentMatches(of: "back_home", in: Self.matchRecords, limit: 1).map(\.ts), [1_795_255_310_000])
        XCTAssertTrue(Workbench.recentMatches(of: "missing", in: Self.matchRecords, limit: 5).isEmpty)
    }
}
