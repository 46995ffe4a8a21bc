import Engine
import Foundation

/// A scenario's events laid out on its virtual clock: `at`, `+D`, `repeat`/`every` and recorded
/// files expanded into concrete events, in `ts` order (ties keep the order written).
public struct ScenarioTimeline: Sendable {
    public var events: [Event]
    /// Recorded lines that could not be decoded, with their file and line.
    public var problems: [String]

    public init(_ scenario: Scenario) {
        var events: [(order: Int, event: Event)] = []
        var problems: [String] = []
        var previous: Int64 = 0  // offset of the last event laid out, from the start
        func emit(_ offset: Int64, _ event: Event) {
            var e = event
            e.ts = scenario.start + offset
            events.append((events.count, e))
            previous = offset
        }
        for source in scenario.events {
            switch source {
            case .event(let spec):
                let step = spec.every?.milliseconds ?? 0
                var offset: Int64
                switch spec.at {
                case .absolute(let span)?: offset = span.milliseconds
                case .relative(let span)?: offset = previous + span.milliseconds
                case nil: offset = previous + (spec.repeatCount > 1 || spec.every != nil ? step : 0)
                }
                for _ in 0..<spec.repeatCount {
                    emit(offset, Self.event(from: spec))
                    offset += step
                }
            case .file(let path, let resolved, _):
                guard let data = FileManager.default.contents(atPath: resolved) else {
                    problems.append("\(path): cannot read the recorded events")
                    continue
                }
                let decoded = EventDecoder().decodeAll(Array(data))
                problems += decoded.errors.map { "\(path):\($0)" }
                guard let first = decoded.events.first?.ts else { continue }
                for recorded in decoded.events { emit(recorded.ts - first, recorded) }
            }
        }
        // A stable sort: equal timestamps keep the order in which they were written.
        self.events = events.sorted { ($0.event.ts, $0.order) < ($1.event.ts, $1.order) }.map(\.event)
        self.problems = problems
    }

    private static func event(from spec: ScenarioEvent) -> Event {
        Event(ts: 0, type: spec.type, session: spec.context["session"], app: spec.context["app"],
              scene: spec.context["scene"], page: spec.context["page"], params: spec.params)
    }
}
