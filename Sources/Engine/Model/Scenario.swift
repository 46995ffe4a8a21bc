/// `kind: scenario`: mock data fed on a virtual clock, and what should come out (SPEC §8).
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    /// Virtual time of `at: 0s`, milliseconds since the epoch.
    public var start: Int64
    public var device: DeviceProfile?
    /// Business input handed to decisions as `ctx.input`.
    public var input: CELMap
    /// Mocked upstream features, by name.
    public var featureOverrides: [(feature: NameReference, value: CELValue)]
    public var events: [ScenarioEventSource]
    public var generators: [EventGenerator]
    public var expectations: [Expectation]
    public var location: SourceLocation
}

/// One entry of `events:`.
public enum ScenarioEventSource: Sendable {
    /// A single event (`at` absolute or `+D` relative to the previous one), or `repeat` of it.
    case event(ScenarioEvent)
    /// Recorded JSON Lines replayed shifted to the scenario's start.
    case file(path: String, resolvedPath: String, location: SourceLocation)
}

public struct ScenarioEvent: Sendable {
    public enum Time: Sendable, Hashable {
        /// Offset from the scenario start.
        case absolute(TimeSpan)
        /// Offset from the previous event (`+2s`).
        case relative(TimeSpan)
    }

    /// nil: right after the previous event (or `every` after it when repeating).
    public var at: Time?
    public var type: String
    /// `session app scene page`, when the scenario sets them.
    public var context: [String: String]
    public var params: CELMap
    public var repeatCount: Int
    public var every: TimeSpan?
    public var location: SourceLocation
}

/// `generate:` entry: seeded synthetic events.
public struct EventGenerator: Sendable {
    public var type: String
    /// Events per second.
    public var ratePerSecond: Double
    public var duration: TimeSpan
    public var seed: UInt64
    public var context: [String: String]
    /// Literal params and `uniform`, `normal`, `choice`, `sequence` distributions.
    public var params: [(name: String, value: ParamDistribution)]
    public var location: SourceLocation

    /// How many events it makes: one every 1/rate from the scenario start while within `for`.
    public var eventCount: Int {
        let count = (Double(duration.milliseconds) / 1000 * ratePerSecond).rounded(.down)
        return count < 1 ? 0 : Int(min(count, Double(Int32.max)))
    }
}

public enum ParamDistribution: Sendable {
    case constant(CELValue)
    /// A double drawn uniformly from `[low, high]`.
    case uniform(Double, Double)
    /// A double from a normal distribution (mean, standard deviation).
    case normal(Double, Double)
    /// One of the values, each as likely.
    case choice([CELValue])
    /// The values in turn, starting over after the last.
    case sequence([CELValue])
}

public struct Expectation: Sendable {
    public enum Kind: Sendable {
        /// A feature's value at a virtual time.
        case feature(NameReference, key: CELValue?, at: TimeSpan, check: ValueCheck)
        /// The number of matches of a pattern (by the end, or by `at`).
        case patternCount(NameReference, count: Int, at: TimeSpan?)
        /// A decision fired (at `at` if given) with an action containing `action`.
        case decision(NameReference, at: TimeSpan?, action: CELValue?)
        /// The decision did not fire before this time.
        case noDecision(NameReference, before: TimeSpan)
    }

    public var kind: Kind
    public var location: SourceLocation
    /// On a pattern expectation, `steps: {name: N}`: only matches whose steps took exactly
    /// that many events count.
    public var patternSteps: [(step: NameReference, events: Int)] = []
    /// Where a feature expectation's `key:` was written.
    public var keyLocation: SourceLocation?
}

public enum ValueCheck: Sendable {
    case equals(CELValue)
    case approx(Double, tolerance: Double)
    case isNull
}
