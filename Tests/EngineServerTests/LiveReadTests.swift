import Engine
import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// Reading a live engine (`query`, `values`: the IDE polls every second) never moves the
/// device clock: a read answers at the watermark, so events streamed after it that are within
/// `allowed_lateness` still count, as they would with nobody reading.
@Suite struct LiveReadTests {
    /// A click at `offset` ms after a fixed time in 2023 (engine time is event time).
    static func click(_ offset: Int, price: Int = 1) -> String {
        #"{"ts":\#(1_700_000_000_000 + offset),"type":"click","params":{"price":\#(price),"item":"i\#(offset % 3)"}}"#
    }

    static func price(in line: String) -> Int {
        Int(line.split(separator: "price\":")[1].prefix { $0.isNumber })!
    }

    static func deployed() throws -> (EngineSnapshotTests.State, EngineInstance) {
        let state = EngineSnapshotTests.State()
        let instance = try state.open()
        try EngineSnapshotTests.deploy(instance)  // allowed_lateness: 1s
        return (state, instance)
    }

    @Test func anEventWithinLatenessIsKeptAfterARead() throws {
        let (state, instance) = try Self.deployed()
        _ = try instance.send(SendParams(events: [Self.click(5_000)])).get()
        let read = try instance.values().get()
        #expect(read.ts == 1_700_000_000_000 + 4_000, "the read answers at the newest event minus allowed_lateness")
        let query = try instance.query(QueryParams(name: "clicks_10s", key: nil)).get()
        #expect(query.value == "0", "the click still waits")
        #expect(query.ts == read.ts && query.eventsPending == 1, "and the answer says so")

        _ = try instance.send(SendParams(events: [Self.click(4_500)])).get()
        let status = instance.status(clients: 0)
        #expect(status.eventsLate == 0)
        #expect(status.eventsPending == 2)

        // Quiet for a second: the clock moves on and both count.
        instance.lastArrival -= EngineInstance.idleBeforeTicking
        instance.tick()
        let after = try instance.query(QueryParams(name: "clicks_10s", key: nil)).get()
        #expect(after.value == "2" && after.eventsPending == 0)
        withExtendedLifetime(state) {}
    }

    /// Before any event there is no device clock yet: a read answers at the wall clock but
    /// does not set the clock there, so a recording from 2023 sent next is not late.
    @Test func aReadBeforeTheFirstEventMakesNothingLate() throws {
        let (state, instance) = try Self.deployed()
        let read = try instance.values().get()
        #expect(read.ts > 1_700_000_000_000 + 365 * 86_400_000, "answered at the wall clock")
        _ = try instance.send(SendParams(events: [Self.click(0), Self.click(300)])).get()
        #expect(instance.status(clients: 0).eventsLate == 0)
        #expect(instance.status(clients: 0).eventsPending == 2)
        withExtendedLifetime(state) {}
    }

    /// 3 000 clicks sent faster than real time, in batches out of order within the lateness,
    /// with a `values` and a `query` after every batch: nothing is late, and once the device is
    /// quiet every value equals that of an engine nobody read while the events came.
    @Test func pollingWhileAStreamArrivesChangesNothing() throws {
        var generator = SeededRandom(seed: 42)
        var events: [(ts: Int, line: String)] = (0..<3_000).map { i in
            let ts = i * 100 + Int(generator.next() % 900)  // up to 0.9 s out of order
            return (ts, Self.click(ts, price: Int(generator.next() % 50)))
        }
        events.sort { $0.ts / 100 < $1.ts / 100 }  // arrival: roughly by time, disordered within
        let batches = stride(from: 0, to: events.count, by: 25).map { Array(events[$0..<min($0 + 25, events.count)]) }

        let (polledState, polled) = try Self.deployed()
        let (quietState, quiet) = try Self.deployed()
        for batch in batches {
            _ = try polled.send(SendParams(events: batch.map(\.line))).get()
            _ = try polled.values().get()
            _ = try polled.query(QueryParams(name: "spend", key: #""i1""#)).get()
            _ = try quiet.send(SendParams(events: batch.map(\.line))).get()
        }
        #expect(polled.status(clients: 0).eventsLate == 0)
        #expect(polled.status(clients: 0).eventsAccepted == events.count)
        for instance in [polled, quiet] {
            instance.lastArrival -= EngineInstance.idleBeforeTicking
            instance.tick()
        }
        // The lifetime sums do not slide with the two engines' slightly different clocks.
        let expected = events.filter { $0.ts % 3 == 1 }.map { Self.price(in: $0.line) }.reduce(0, +)
        for instance in [polled, quiet] {
            #expect(try instance.query(QueryParams(name: "spend", key: #""i1""#)).get().value == "\(expected)")
        }
        #expect(try polled.values().get().features.first { $0.name == "spend" }?.value
                == quiet.values().get().features.first { $0.name == "spend" }?.value)
        withExtendedLifetime((polledState, quietState)) {}
    }
}
