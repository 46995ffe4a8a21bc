/// The key of a value in `group_by`, `histogram` and `distinct_count` (SPEC §4): keys are
/// strings; a string is its own key and any other value is keyed by its compact JSON text
/// with object keys sorted (`12.5`, `true`, `[1,2]`, `{"a":"x"}`), so `1` and `"1"` share a
/// key while `1` and `1.0` do not. Null and errors have no key: the event is left out.
public enum GroupKey {
    public static func from(_ value: CELValue) -> CELMapKey? {
        text(value).map { .string($0) }
    }

    public static func text(_ value: CELValue) -> String? {
        switch value {
        case .string(let s): s
        case .null, .error: nil
        case .double(let d) where d.isNaN: "NaN"  // the key of the string JSON writes for it
        case .double(let d) where d.isInfinite: d > 0 ? "Infinity" : "-Infinity"
        default: PlainJSON.canonicalText(value)
        }
    }
}
