/// Event times (SPEC §2): integer milliseconds since the Unix epoch, from 1970 to the end of
/// year 9999. Anything else is a malformed event, so arithmetic on accepted times never
/// comes near the ends of Int64.
public enum EventTime {
    public static let latest: Int64 = 253_402_300_799_999
    public static let range: ClosedRange<Int64> = 0...latest
}

extension Int64 {
    /// `self - other`, clamped to the Int64 range: event times come from user data, and a
    /// timestamp near the ends of the range must not trap the engine.
    @inline(__always)
    func minusSaturating(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard overflow else { return difference }
        return other < 0 ? .max : .min
    }
}

extension Int64 {
    /// `self + other`, clamped to the Int64 range (see `minusSaturating`).
    @inline(__always)
    public func plusSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
