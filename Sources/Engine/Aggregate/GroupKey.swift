/// Turns an evaluated `group_by` value into a map key. CEL map keys are bool, int, uint or
/// string; an integral double joins the int key it equals (so `2.0` and `2` group together);
/// any other value (null, non-integral double, list, map, error) has no key, and the state
/// counts the event in `eventsWithoutKey` instead of grouping it.
public enum GroupKey {
    public static func from(_ value: CELValue) -> CELMapKey? {
        switch value {
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .uint(let u): u <= UInt64(Int64.max) ? .int(Int64(u)) : .uint(u)
        case .string(let s): .string(s)
        case .double(let d) where d.rounded(.down) == d && d >= -0x1p63 && d < 0x1p63: .int(Int64(d))
        default: nil
        }
    }
}
