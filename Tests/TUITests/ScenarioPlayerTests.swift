import EngineProtocol
import Foundation
import TUI
import XCTest

/// The scenario player's state machine against play results: the one the engine returned for
/// projects/shopping's coupon_happy_path (Tests/Data/play), and one made to have events
/// sharing a time, a recording out of order, records between events and a capped list.
/// Every expectation is worked out plainly from the result (a filter by time), not by the player.
final class ScenarioPlayerTests: XCTestCase {
    static func recorded() throws -> PlayResult {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/play/coupon_happy_path.json")
        return try JSONDecoder().decode(PlayResult.self, from: Data(contentsOf: url))
    }

    /// Events at 0, 1, 1, 3, 2 (recorded out of order), 5 s, three more not listed; records at
    /// 0, 1, 2.5 and 6 s; verdicts at 1, 4 and 7 s.
    static let made: PlayResult = {
        let start: Int64 = 1_795_255_200_000
        var result = PlayResult(
            start: start,
            records: [0, 1000, 2500, 6000].map { PlayResult.Record(ts: start + $0, line: #"{"record":"log","ts":\#(start + $0),"level":"info","source":"pipeline","message":"at \#($0)","fields":{}}"#) },
            outcomes: [(1000, true), (4000, false), (7000, true)].map {
                PlayResult.Outcome(ts: start + $0.0, passed: $0.1, subject: "f at \($0.0 / 1000)s", expected: "1", actual: $0.1 ? "1" : "2", location: "mocks/m.yaml:9:5")
            },
            problems: [])
        result.events = [0, 1000, 1000, 3000, 2000, 5000].map { PlayEvent(ts: start + $0, type: "click", page: nil, params: "{}") }
        result.moreEvents = 3
        return result
    }()

    /// What the position must show: nothing before the first event; at the k-th event what
    /// happened at or before the newest time of the first k events; at the end everything.
    static func expected(_ result: PlayResult, position: Int) -> (records: [Int], outcomes: [Int]) {
        let events = result.events ?? []
        guard position > 0 else { return ([], []) }
        let t = position <= events.count ? events.prefix(position).map(\.ts).max()! : Int64.max
        return (result.records.indices.filter { result.records[$0].ts <= t }, result.outcomes.indices.filter { result.outcomes[$0].ts <= t })
    }

    static func shown(_ player: ScenarioPlayer) -> (records: [Int], outcomes: [Int]) {
        var records: [Int] = [], outcomes: [Int] = []
        for entry in player.shown {
            switch entry {
            case .record(let i): records.append(i)
            case .outcome(let i): outcomes.append(i)
            }
        }
        return (records.sorted(), outcomes.sorted())  // the order is checked apart
    }

    /// Shown lines are in time order, a record before a verdict of the same time.
    static func assertInTimeOrder(_ player: ScenarioPlayer, file: StaticString = #filePath, line: UInt = #line) {
        let keys = player.shown.map { entry -> (Int64, Int) in
            switch entry {
            case .record(let i): (player.result.records[i].ts, 0)
            case .outcome(let i): (player.result.outcomes[i].ts, 1)
            }
        }
        XCTAssertTrue(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 }, "\(keys)", file: file, line: line)
    }

    private func checkEveryPositionStepping(_ result: PlayResult) {
        var player = ScenarioPlayer(scenario: "s", result: result)
        let last = (result.events ?? []).count + 1
        XCTAssertEqual(player.position, 0)
        var visited: [Int] = []
        for _ in 0...last + 1 {  // one step more than there are positions: the end holds
            let (records, outcomes) = Self.shown(player)
            let expected = Self.expected(result, position: player.position)
            XCTAssertEqual(records, expected.records, "records at position \(player.position)")
            XCTAssertEqual(outcomes, expected.outcomes, "verdicts at position \(player.position)")
            Self.assertInTimeOrder(player)
            visited.append(player.position)
            player.stepForward()
        }
        XCTAssertEqual(visited, Array(0...last) + [last])
        XCTAssertTrue(player.isAtEnd)
        XCTAssertEqual(Self.shown(player).records.count, result.records.count)
        XCTAssertEqual(Self.shown(player).outcomes.count, result.outcomes.count)
        // Back, one event at a time: each position shows again exactly what it showed.
        var back: [Int] = []
        for _ in 0...last + 1 {
            let expected = Self.expected(result, position: player.position)
            XCTAssertEqual(Self.shown(player).records, expected.records, "records back at position \(player.position)")
            XCTAssertEqual(Self.shown(player).outcomes, expected.outcomes, "verdicts back at position \(player.position)")
            back.append(player.position)
            player.stepBack()
        }
        XCTAssertEqual(back, Array((0...last).reversed()) + [0])
        XCTAssertNil(player.now)
        XCTAssertFalse(player.isPlaying)
    }

    func testEveryPositionOfTheRecordedCouponPlayShowsExactlyWhatHappenedByThen() throws {
        let result = try Self.recorded()
        XCTAssertEqual(result.events?.count, 12)
        checkEveryPositionStepping(result)
        // At the click of 19 s: the three verdicts of 15 s and the one of 19 s, no record yet
        // (the decision comes with the page_enter of 20 s).
        var player = ScenarioPlayer(scenario: "coupon_happy_path", result: result)
        for _ in 0..<11 { player.stepForward() }
        XCTAssertEqual(player.events[try XCTUnwrap(player.currentEvent)].ts - result.start, 19_000)
        XCTAssertEqual(Self.shown(player).records, [])
        XCTAssertEqual(Self.shown(player).outcomes.map { result.outcomes[$0].subject },
                       ["home_click_amount_10m at 15s", "home_click_count_10m at 15s", "avg_home_click_price_10m at 15s", "max_expensive_10s at 19s"])
        player.stepForward()
        XCTAssertTrue(Self.shown(player).records.contains { result.records[$0].line.contains(#""decision":"coupon_popup""#) })
    }

    func testTiesAnOutOfOrderRecordingAndACappedListAreSteppedExactly() {
        checkEveryPositionStepping(Self.made)
        var player = ScenarioPlayer(scenario: "s", result: Self.made)
        XCTAssertEqual(player.lastPosition, 7)
        for _ in 0..<3 { player.stepForward() }  // the second event of 1 s
        XCTAssertEqual(Self.shown(player).records, [0, 1])
        XCTAssertEqual(Self.shown(player).outcomes, [0])
        player.stepForward()  // 3 s
        player.stepForward()  // recorded at 2 s after one of 3 s: the clock stays at 3 s
        XCTAssertEqual(player.now, Self.made.start + 3000)
        XCTAssertEqual(Self.shown(player).records, [0, 1, 2])
        player.stepForward()  // 5 s: the verdict of 4 s is decided
        XCTAssertEqual(player.verdicts.passed, 1)
        XCTAssertEqual(player.verdicts.failed, 1)
        player.stepForward()  // the end, after the events not listed: everything
        XCTAssertEqual(player.now, Self.made.start + 7000)
        XCTAssertEqual(Self.shown(player).records, [0, 1, 2, 3])
    }

    /// Records the engine left out are said to be missing from the time of the last one listed
    /// on, never before.
    func testRecordsTheEngineLeftOutAreSaidToBeMissingFromWhereTheListStops() throws {
        var result = Self.made
        result.moreRecords = 5
        var player = ScenarioPlayer(scenario: "s", result: result)
        XCTAssertEqual(player.recordsCutAt, result.start + 6000)
        var past: [Bool] = []
        for _ in 0...player.lastPosition {
            past.append(player.isPastListedRecords)
            player.stepForward()
        }
        // Positions: start, 0, 1, 1, 3, 2 (clock 3), 5 s, the end (7 s): only the end is past 6 s.
        XCTAssertEqual(past, [false, false, false, false, false, false, false, true])
        let h = try MocksPlayerPaneTests.harness()
        h.workbench.receive(.played(player))
        h.keys(.end)
        XCTAssertTrue(h.screen.contains("… 5 more records from +6s on are not listed here"), h.screen)
        XCTAssertTrue(ScenarioPlayer(scenario: "s", result: Self.made).moreRecords == 0)
    }

    /// Playing moves the clock a tick times the speed; what shows is what happened by the
    /// clock, the cursor on the last event reached; at the end it stops.
    func testPlayingAtEachSpeedShowsWhatHappenedByTheClockAndStopsAtTheEnd() throws {
        let result = try Self.recorded()
        for speed in [ScenarioPlayer.Speed.x1, .x10, .x100] {
            var player = ScenarioPlayer(scenario: "s", result: result)
            player.speed = speed
            player.togglePlaying()
            var ticks = 0
            var previous = Int64.min
            while player.isPlaying {
                player.tick()
                ticks += 1
                let now = try XCTUnwrap(player.now)
                XCTAssertGreaterThan(now, previous)
                previous = now
                let reference = result.records.indices.filter { result.records[$0].ts <= now }
                XCTAssertEqual(Self.shown(player).records, reference, "at \(now - result.start) ms, \(speed)")
                XCTAssertEqual(Self.shown(player).outcomes, result.outcomes.indices.filter { result.outcomes[$0].ts <= now })
                XCTAssertEqual(player.position, player.isAtEnd ? player.lastPosition : (result.events ?? []).filter { $0.ts <= now }.count)
            }
            XCTAssertTrue(player.isAtEnd)
            // The scenario lasts 30 s of virtual time: 600 ticks of 50 ms at 1×, ten times fewer at 10×.
            let span = player.end - result.start
            XCTAssertEqual(ticks, Int((span + ScenarioPlayer.tickMilliseconds * Int64(speed.rawValue) - 1) / (ScenarioPlayer.tickMilliseconds * Int64(speed.rawValue))))
        }
        var player = ScenarioPlayer(scenario: "s", result: result)
        player.speed = .max
        player.togglePlaying()
        player.tick()
        XCTAssertTrue(player.isAtEnd)
        XCTAssertFalse(player.isPlaying)
    }

    func testPauseHoldsTheClockAndPlayAgainGoesOnFromThere() throws {
        var player = ScenarioPlayer(scenario: "s", result: try Self.recorded())
        player.togglePlaying()
        for _ in 0..<3 { player.tick() }
        let held = player.now
        player.togglePlaying()
        player.tick()
        XCTAssertEqual(player.now, held)
        player.togglePlaying()
        player.tick()
        XCTAssertEqual(player.now, held.map { $0 + ScenarioPlayer.tickMilliseconds * 10 })
        // Stepping pauses; playing from the end starts over.
        player.stepForward()
        XCTAssertFalse(player.isPlaying)
        player.moveToEnd()
        player.togglePlaying()
        XCTAssertEqual(player.position, 0)
        XCTAssertTrue(player.isPlaying)
    }

    func testSpeedGoesThroughOneTenHundredThousandAndMaxAndStopsAtEachEnd() throws {
        var player = ScenarioPlayer(scenario: "s", result: try Self.recorded())
        XCTAssertEqual(player.speed, .x10)
        player.slower()
        player.slower()
        XCTAssertEqual(player.speed, .x1)
        var labels: [String] = [player.speed.label]
        for _ in 0..<5 {
            player.faster()
            labels.append(player.speed.label)
        }
        XCTAssertEqual(labels, ["1×", "10×", "100×", "1000×", "max", "max"])
    }
}
