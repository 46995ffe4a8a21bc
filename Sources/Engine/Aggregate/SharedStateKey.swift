/// What makes two aggregation features share one state (similar-task merging, SPEC §4):
/// the same event types, filter, window and grouping. Expressions compare by their text
/// with surrounding whitespace trimmed.
///
/// `ttl` and `max_keys` are part of the key as well: a state evicts keys and expires
/// lifetime contents by one rule, so features with different bounds cannot share it
/// without one of them getting wrong answers.
public struct SharedStateKey: Hashable, Sendable, CustomStringConvertible {
    /// Event types, sorted and without duplicates.
    public var on: [String]
    public var filter: String?
    public var window: Window
    public var groupBy: String?
    public var ttl: TimeSpan?
    public var maxKeys: Int
    /// Which events belong to the state when that depends on the value (see
    /// `ValueMembership`); nil when features with different values share it.
    public var member: ValueMembership?

    public init(
        on: [String], filter: String? = nil, window: Window, groupBy: String? = nil, ttl: TimeSpan? = nil,
        maxKeys: Int = Aggregation.defaultMaxKeys
    ) {
        self.on = Array(Set(on)).sorted()
        self.filter = filter
        self.window = window
        self.groupBy = groupBy
        self.ttl = ttl
        self.maxKeys = maxKeys
    }

    public init(_ aggregation: Aggregation, member: ValueMembership? = nil) {
        self.member = member
        on = Array(Set(aggregation.on)).sorted()
        filter = aggregation.filter.map(Self.normalised)
        window = aggregation.window
        groupBy = aggregation.groupBy.map(Self.normalised)
        ttl = aggregation.ttl
        maxKeys = aggregation.maxKeys
    }

    static func normalised(_ expression: SourceExpression) -> String {
        String(expression.text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    public var description: String {
        var text = "on [\(on.joined(separator: ", "))]"
        if let filter { text += " where \(filter)" }
        text += ", window \(window)"
        if let groupBy { text += ", group by \(groupBy) (max \(maxKeys) keys)" }
        if let ttl { text += ", ttl \(ttl)" }
        if let member { text += ", \(member)" }
        return text
    }
}
