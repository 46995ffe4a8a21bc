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
