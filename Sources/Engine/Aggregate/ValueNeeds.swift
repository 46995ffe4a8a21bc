/// What a value channel must keep so that every operator reading it can answer.
/// Several features over one value share a channel; its needs are the union of theirs.
public struct ValueNeeds: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Running sums for sum, avg, stddev.
    public var moments = false
    /// Sums of squares as well, for stddev.
    public var spread = false
    /// Value counts for distinct_count, histogram, top_k, percentile.
    public var counts = false
    public var minimum = false
    public var maximum = false
    /// Values kept from the start of the window (first = 1, first_k = k).
    public var firstK = 0
    /// Values kept from the end of the window (last = 1, last_k = k).
    public var lastK = 0

    public init() {}

    public mutating func include(_ op: AggregationOperator) {
        switch op {
        case .count: break
        case .sum, .avg: moments = true
        case .stddev: moments = true; spread = true
        case .distinctCount, .histogram, .topK, .percentile: counts = true
        case .min: minimum = true
        case .max: maximum = true
        case .first: firstK = max(firstK, 1)
        case .firstK(let k): firstK = max(firstK, k)
        case .last: lastK = max(lastK, 1)
        case .lastK(let k): lastK = max(lastK, k)
        }
    }

    public var description: String {
        var parts: [String] = []
        if moments { parts.append("running sums") }
        if counts { parts.append("value counts") }
        if minimum { parts.append("min") }
        if maximum { parts.append("max") }
        if firstK > 0 { parts.append("first \(firstK)") }
        if lastK > 0 { parts.append("last \(lastK)") }
        return parts.joined(separator: ", ")
    }
}
