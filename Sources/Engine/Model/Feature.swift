/// `kind: feature`: a real-time aggregation over events, or a script computed from other features.
public struct Feature: Sendable {
    public var name: String
    public var description: String?
    public var body: Body
    /// Optional `post(value, ctx)` script applied to a config feature's value.
    public var post: ScriptReference?
    public var location: SourceLocation

    public enum Body: Sendable {
        case aggregation(Aggregation)
        case script(ScriptFeature)
    }

    public var aggregation: Aggregation? {
        if case .aggregation(let a) = body { return a }
        return nil
    }

    public var scriptFeature: ScriptFeature? {
        if case .script(let s) = body { return s }
        return nil
    }
}

/// `on`/`where`/`value`/`agg`/`window`/`group_by`: what to aggregate and how.
public struct Aggregation: Sendable {
    public var on: [String]
    public var filter: SourceExpression?
    public var value: SourceExpression?
    public var op: AggregationOperator
    public var window: Window
    public var groupBy: SourceExpression?
    public var approx: Bool
    /// Idle keys and `lifetime` state expire after this.
    public var ttl: TimeSpan?
    /// Bound on `group_by` keys; least recently updated are evicted.
    public var maxKeys: Int

    public static let defaultMaxKeys = 10_000
}

public enum AggregationOperator: Hashable, Sendable, CustomStringConvertible {
    case count, sum, avg, min, max, first, last
    case firstK(Int), lastK(Int), topK(Int)
    case distinctCount, histogram, stddev
    case percentile(Double)

    /// The `agg:` spellings, in SPEC order.
    public static let names = [
        "count", "sum", "avg", "min", "max", "first", "last", "first_k", "last_k",
        "distinct_count", "histogram", "top_k", "percentile", "stddev",
    ]

    public var name: String {
        switch self {
        case .count: "count"
        case .sum: "sum"
        case .avg: "avg"
        case .min: "min"
        case .max: "max"
        case .first: "first"
        case .last: "last"
        case .firstK: "first_k"
        case .lastK: "last_k"
        case .topK: "top_k"
        case .distinctCount: "distinct_count"
        case .histogram: "histogram"
        case .stddev: "stddev"
        case .percentile: "percentile"
        }
    }

    public var description: String {
        switch self {
        case .firstK(let k), .lastK(let k), .topK(let k): "\(name)(k=\(k))"
        case .percentile(let p): "percentile(p=\(p))"
        default: name
        }
    }

    /// `count` alone needs no `value:`.
    public var needsValue: Bool { self != .count }

    /// Operators that take numbers only (SPEC §4): other values are left out of the feature.
    public var needsNumericValue: Bool {
        switch self {
        case .sum, .avg, .stddev, .percentile, .min, .max: true
        default: false
        }
    }
}

public enum Window: Hashable, Sendable, CustomStringConvertible {
    /// Events with `t - D < ts <= t`.
    case sliding(TimeSpan)
    /// The current epoch-aligned bucket `[floor(t/D)*D, t]`.
    case tumbling(TimeSpan)
    /// The last N matching events.
    case lastN(Int)
    /// Everything since the feature started, bounded by `ttl`.
    case lifetime
    /// Since the current node of that behaviour-tree level began.
    case scope(TreeLevel)

    public var description: String {
        switch self {
        case .sliding(let d): "sliding \(d)"
        case .tumbling(let d): "tumbling \(d)"
        case .lastN(let n): "last \(n)"
        case .lifetime: "lifetime"
        case .scope(let level): "scope \(level.rawValue)"
        }
    }
}

/// Levels of the behaviour tree that a window can be scoped to (SPEC §5).
public enum TreeLevel: String, Sendable, CaseIterable, Codable {
    case session, app, scene, page
}

/// `script:` + `inputs:`: a feature whose value is `compute(ctx)` over other features.
public struct ScriptFeature: Sendable {
    public var script: ScriptReference
    public var inputs: [NameReference]
}

/// A project-relative path to a Python script, with where it was written.
public struct ScriptReference: Hashable, Sendable {
    public var path: String
    public var location: SourceLocation
}

/// A name that refers to another definition (a feature, a pattern), with where it was written.
public struct NameReference: Hashable, Sendable {
    public var name: String
    public var location: SourceLocation
}
