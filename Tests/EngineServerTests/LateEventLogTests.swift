import Engine
import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// A live engine logs a request's first 100 late events one by one and the rest in one
/// record; every one of them is counted.
@Suite struct LateEventLogTests {
    @Test func aRequestLogsItsFirstLateEventsAndSumsUpTheRest() throws {
        let (state, instance) = try LiveReadTests.deployed()  // allowed_lateness: 1s
        _ = try instance.send(SendParams(events: [LiveReadTests.click(1_000_000)])).get()
        let late = (0..<250).map { LiveReadTests.click($0 * 10) }
        let first = try instance.send(SendParams(events: late)).get()
        let second = try instance.send(SendParams(events: Array(late.prefix(30)))).get()
        #expect(first.late == 250 && second.late == 30)
        #expect(instance.status(clients: 0).eventsLate == 280)

        let lines = try instance.logs(LogsParams(level: "warn", grep: nil, since: nil, follow: false, limit: 1_000)).get().entries.map(\.line)
        let oneByOne = lines.filter { $0.contains(EnginePipeline.lateEventMessage) }
        #expect(oneByOne.count == 100 + 30, "the first request's first 100, all 30 of the second")
        let summed = lines.filter { $0.contains("more late events dropped") }
        #expect(summed.count == 1)
        #expect(summed.first?.contains(#""count":150"#) == true, "\(summed)")
        #expect(summed.first?.contains(#""first_ts":\#(1_700_000_000_000 + 1_000)"#) == true, "\(summed)")
        #expect(summed.first?.contains(#""last_ts":\#(1_700_000_000_000 + 2_490)"#) == true, "\(summed)")
        withExtendedLifetime(state) {}
    }

    /// A restart replays the logged events without logging them again, so the late ones among
    /// them are not summed into the first request after it.
    @Test func aReplayAtStartAddsNothingToTheNextRequestsLateEvents() throws {
        let state = EngineSnapshotTests.State()
        var first: EngineInstance? = try state.open()
        try EngineSnapshotTests.deploy(first!)
        _ = try first!.send(SendParams(events: [LiveReadTests.click(1_000_000)])).get()
        _ = try first!.send(SendParams(events: (0..<250).map { LiveReadTests.click($0 * 10) })).get()
        first = nil

        let reopened = try state.open()
        _ = try reopened.send(SendParams(events: [LiveReadTests.click(5)])).get()
        let lines = try reopened.logs(LogsParams(level: "warn", grep: nil, since: nil, follow: false, limit: 1_000)).get().entries.map(\.line)
        let summed = lines.filter { $0.contains("more late events dropped") }
        #expect(summed.count == 1 && summed.first?.contains(#""count":150"#) == true, "\(summed)")
        #expect(lines.filter { $0.contains(EnginePipeline.lateEventMessage) }.count == 100 + 1)
    }
}
