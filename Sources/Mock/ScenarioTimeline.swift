import Engine

/// A scenario's events all laid out at once, in the order they reach the engine: for
/// `featide tree` and tests, which want the whole list. Runs read `ScenarioEventStream`
/// instead, which holds no events.
public struct ScenarioTimeline: Sendable {
    public var events: [Event]
    /// The latest event time (events need not arrive in time order).
    public var end: Int64? { events.lazy.map(\.ts).max() }
    /// Dropped events and recorded lines that could not be decoded, with their file and line.
    public var problems: [String]

    public init(_ scenario: Scenario) {
        let stream = ScenarioEventStream(scenario)
        events = Array(stream)
        problems = stream.problems
    }
}
