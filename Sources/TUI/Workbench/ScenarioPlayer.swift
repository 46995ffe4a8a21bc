import EngineProtocol

/// A scenario the engine played (its `PlayResult`), replayed on the IDE's side on a virtual
/// clock: play, pause, step one event forward or back, speed. The cursor is on one of the
/// scenario's events (or before the first, or at the end); at every position exactly the
/// records and verdicts whose time is at or before the clock are shown — stepping back shows
/// what was true then, not an approximation, because everything was recorded with its time.
///
/// Positions: 0 is before anything happened; `k` in 1…events is at the k-th event, the clock
/// at the newest event time so far (a recording out of order never moves it back); the last
/// is the end, where every record and verdict is shown.
public struct ScenarioPlayer: Sendable {
    public enum Speed: Int, CaseIterable, Sendable {
        case x1 = 1, x10 = 10, x100 = 100, x1000 = 1000, max = 0

        public var label: String { self == .max ? "max" : "\(rawValue)×" }
        public var faster: Speed { Self.allCases[Swift.min(Self.allCases.count - 1, Self.allCases.firstIndex(of: self)! + 1)] }
        public var slower: Speed { Self.allCases[Swift.max(0, Self.allCases.firstIndex(of: self)! - 1)] }
    }

    /// One line of the output column: a record or a verdict, by index into the result.
    public enum Entry: Equatable, Sendable {
        case record(Int)
        case outcome(Int)
    }

    public let scenario: String
    public let result: PlayResult
    public var events: [PlayEvent] { result.events ?? [] }
    /// Events the engine submitted beyond those it listed.
    public var moreEvents: Int { result.moreEvents ?? 0 }
    /// Records the engine left out after those it listed, and the time from which they may be
    /// missing here (the last listed one's).
    public var moreRecords: Int { result.moreRecords ?? 0 }
    public var recordsCutAt: Int64 {
        result.records.last(where: { !$0.line.hasPrefix(#"{"record":"features""#) })?.ts ?? result.start
    }
    /// The clock has reached the records left out: what is shown misses some.
    public var isPastListedRecords: Bool { moreRecords > 0 && (now ?? .min) >= recordsCutAt }
    /// The clock at each listed event: the newest event time up to it.
    let eventClock: [Int64]
    /// When the last record or verdict happened (or the last event, if later).
    public let end: Int64
    /// Records and verdicts by time, records first at equal times (a verdict at t follows
    /// what happened at t), as `featide play` prints them.
    let entries: [Entry]
    let entryTimes: [Int64]

    public private(set) var position = 0
    /// The virtual clock; nil before anything happened.
    public private(set) var now: Int64?
    public private(set) var isPlaying = false
    public var speed: Speed = .x10

    /// How far one playback tick moves the clock at 1×.
    public static let tickMilliseconds: Int64 = 50

    public init(scenario: String, result: PlayResult) {
        self.scenario = scenario
        self.result = result
        var clock = Int64.min
        eventClock = (result.events ?? []).map { event in
            clock = Swift.max(clock, event.ts)
            return clock
        }
        let timed = result.records.indices.map { (ts: result.records[$0].ts, order: 0, entry: Entry.record($0)) }
            + result.outcomes.indices.map { (ts: result.outcomes[$0].ts, order: 1, entry: Entry.outcome($0)) }
        // Stable: records keep their order of happening, verdicts their order in the scenario.
        let sorted = timed.enumerated().sorted { ($0.element.ts, $0.element.order, $0.offset) < ($1.element.ts, $1.element.order, $1.offset) }
            .map(\.element)
        entries = sorted.map(\.entry)
        entryTimes = sorted.map(\.ts)
        end = Swift.max(entryTimes.last ?? result.start, eventClock.last ?? result.start)
    }

    public var lastPosition: Int { events.count + 1 }
    public var isAtEnd: Bool { position == lastPosition }

    /// The listed event the cursor is on, if any.
    public var currentEvent: Int? { position >= 1 && position <= events.count ? position - 1 : nil }

    /// How many entries are shown: those at or before the clock.
    public var shownCount: Int {
        guard let now else { return 0 }
        // The first entry later than now (entries are sorted by time).
        var low = 0, high = entryTimes.count
        while low < high {
            let middle = (low + high) / 2
            if entryTimes[middle] <= now { low = middle + 1 } else { high = middle }
        }
        return low
    }

    public var shown: ArraySlice<Entry> { entries.prefix(shownCount) }

    /// Verdicts decided so far: passed, failed.
    public var verdicts: (passed: Int, failed: Int) {
        var passed = 0, failed = 0
        for case .outcome(let i) in shown { if result.outcomes[i].passed { passed += 1 } else { failed += 1 } }
        return (passed, failed)
    }

    // MARK: Moving

    /// Play from here (from the start once at the end); pause when playing.
    public mutating func togglePlaying() {
        if isPlaying { return isPlaying = false }
        if isAtEnd { move(to: 0) }
        isPlaying = true
    }

    public mutating func pause() { isPlaying = false }

    /// One event on (or to the end after the last), paused.
    public mutating func stepForward() {
        isPlaying = false
        move(to: Swift.min(lastPosition, position + 1))
    }

    /// One event back (or to before the first), paused.
    public mutating func stepBack() {
        isPlaying = false
        move(to: Swift.max(0, position - 1))
    }

    /// To a position picked on the timeline (a click), paused.
    public mutating func jump(to target: Int) {
        isPlaying = false
        move(to: Swift.max(0, Swift.min(lastPosition, target)))
    }

    public mutating func moveToStart() {
        isPlaying = false
        move(to: 0)
    }

    public mutating func moveToEnd() {
        isPlaying = false
        move(to: lastPosition)
    }

    public mutating func faster() { speed = speed.faster }
    public mutating func slower() { speed = speed.slower }

    /// A playback tick: the clock moves `tickMilliseconds` times the speed (`max`: to the
    /// end), the cursor onto the last event reached; at the end playing stops.
    public mutating func tick() {
        guard isPlaying else { return }
        guard speed != .max else { return moveToEnd() }
        let from = now ?? Swift.min(result.start, eventClock.first ?? result.start)
        let clock = from + Self.tickMilliseconds * Int64(speed.rawValue)
        if clock >= end {
            moveToEnd()
            return
        }
        now = clock
        position = Swift.max(position, eventsReached(by: clock))
    }

    /// The position's clock: none before the first event, the event's, or the end.
    private mutating func move(to target: Int) {
        position = target
        now = target == 0 ? nil : target <= events.count ? eventClock[target - 1] : end
    }

    /// How many listed events have their clock at or before `t`.
    private func eventsReached(by t: Int64) -> Int {
        var low = 0, high = eventClock.count
        while low < high {
            let middle = (low + high) / 2
            if eventClock[middle] <= t { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
