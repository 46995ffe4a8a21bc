/// A `CELValue` usable as a dictionary key, equal exactly when the values have the same key
/// text (`GroupKey`): SPEC §4 counts `distinct_count`, `histogram` buckets (and so `top_k` and
/// `percentile`) by key, so `1` and `"1"` are one value, `1` and `1.0` two.
///
/// A wrapper rather than a `Hashable` conformance on `CELValue`, whose equality belongs to
/// the expression evaluator.
public struct ValueKey: Hashable, Sendable {
    public let value: CELValue
    /// The key text; strings (the usual counted values) are their own and cost no copy.
    let text: String

    public init(_ value: CELValue) {
        self.value = value
        text = GroupKey.text(value) ?? "null"
    }

    public static func == (a: ValueKey, b: ValueKey) -> Bool { a.text == b.text }

    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension ValueKey: Codable {
    public init(from decoder: any Decoder) throws { self.init(try CELValue(from: decoder)) }
    public func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
