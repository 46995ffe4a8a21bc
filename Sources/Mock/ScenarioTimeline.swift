import Engine
import Foundation

/// A scenario's events laid out on its virtual clock: `at`, `+D`, `repeat`/`every` and recorded
/// files expanded into concrete events, in the order they reach the engine.
///
/// Inline events are laid out by time (ties keep the order written). A recorded file is
/// replayed in file order (SPEC §8), so an out-of-order recording meets the lateness rule as
/// it did on the device; the streams are merged by the time of each one's next event.
public struct ScenarioTimeline: Sendable {
    public var events: [Event]
    /// The latest event time (events need not arrive in time order).
    public var end: Int64? { events.lazy.map(\.ts).max() }
    /// Recorded lines that could not be decoded, with their file and line.
    public var problems: [String]

    public init(_ scenario: Scenario) {
        var events: [(order: Int, event: Event)] = []
        var recordings: [[(order: Int, event: Event)]] = []
        var order = 0
        var problems: [String] = []
        var previous: Int64 = 0  // offset of the last event laid out, from the start
        // `featide check` reports times outside the event range (ScenarioTimesChecker); here they
        // are only kept from trapping: saturated, then dropped with a problem.
        func emit(_ offset: Int64, _ event: Event, from location: SourceLocation) {
            var e = event
            e.ts = scenario.start.plusSaturating(offset)
            previous = offset
            guard EventTime.range.contains(e.ts) else {
                problems.append("\(location): event time out of range")
                return
            }
            events.append((order, e))
            order += 1
        }
        for source in scenario.events {
            switch source {
            case .event(let spec):
                let step = spec.every?.milliseconds ?? 0
                var offset: Int64
                switch spec.at {
                case .absolute(let span)?: offset = span.milliseconds
                case .relative(let span)?: offset = previous.plusSaturating(span.milliseconds)
                case nil: offset = previous.plusSaturating(spec.repeatCount > 1 || spec.every != nil ? step : 0)
                }
                for _ in 0..<spec.repeatCount {
                    emit(offset, Self.event(from: spec), from: spec.location)
                    offset = offset.plusSaturating(step)
                }
            case .file(let path, let resolved, _):
                guard let recorded = RecordedEventFile(path: resolved) else {
                    problems.append("\(path): cannot read the recorded events")
                    continue
                }
                problems += recorded.errors.map { "\(path):\($0)" }
                guard let first = recorded.events.first?.event.ts else { continue }
                var recording: [(order: Int, event: Event)] = []
                for (line, var event) in recorded.events {
                    event.ts = scenario.start.plusSaturating(event.ts - first)
                    guard EventTime.range.contains(event.ts) else {
                        problems.append("\(path):\(line): event time out of range once shifted")
                        continue
                    }
                    recording.append((order, event))
                    order += 1
                }
                previous = (recording.last?.event.ts ?? scenario.start) - scenario.start
                recordings.append(recording)
            }
        }
        // Generated events join the inline ones, laid out by time (after them on ties).
        for generator in scenario.generators {
            for (offset, event) in GeneratedEvents.events(of: generator) {
                var e = event
                e.ts = scenario.start.plusSaturating(offset)
                guard EventTime.range.contains(e.ts) else { continue }
                events.append((order, e))
                order += 1
            }
        }
        // A stable sort: equal timestamps keep the order in which they were written.
        let inline = events.sorted { ($0.event.ts, $0.order) < ($1.event.ts, $1.order) }
        self.events = Self.merge([inline] + recordings)
        self.problems = problems
    }

    /// Merges streams by the time of each one's next event (ties: the one written first),
    /// keeping every stream's own order.
    private static func merge(_ streams: [[(order: Int, event: Event)]]) -> [Event] {
        var next = Array(repeating: 0, count: streams.count)
        var merged: [Event] = []
        merged.reserveCapacity(streams.reduce(0) { $0 + $1.count })
        while true {
            var pick: Int?
            for s in streams.indices where next[s] < streams[s].count {
                let head = streams[s][next[s]]
                if let p = pick {
                    let best = streams[p][next[p]]
                    if (head.event.ts, head.order) < (best.event.ts, best.order) { pick = s }
                } else {
                    pick = s
                }
            }
            guard let p = pick else { return merged }
            merged.append(streams[p][next[p]].event)
            next[p] += 1
        }
    }

    private static func event(from spec: ScenarioEvent) -> Event {
        Event(ts: 0, type: spec.type, session: spec.context["session"], app: spec.context["app"],
              scene: spec.context["scene"], page: spec.context["page"], params: spec.params)
    }
}
