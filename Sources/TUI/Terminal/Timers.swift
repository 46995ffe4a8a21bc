/// Named one-shot timers on the UI loop. Scheduling a name again moves it, which is what
/// debouncing wants (write the swap file 300 ms after the *last* keystroke).
public struct Timers<Name: Hashable> {
    private var deadlines: [Name: ContinuousClock.Instant] = [:]

    public init() {}

    public mutating func schedule(_ name: Name, at deadline: ContinuousClock.Instant) {
        deadlines[name] = deadline
    }

    public mutating func cancel(_ name: Name) {
        deadlines[name] = nil
    }

    /// Milliseconds until the next deadline, capped at `limit`.
    public func millisecondsUntilNext(from now: ContinuousClock.Instant, limit: Int32) -> Int32 {
        guard let next = deadlines.values.min() else { return limit }
        let remaining = now.duration(to: next).components
        let milliseconds = remaining.seconds * 1000 + remaining.attoseconds / 1_000_000_000_000_000
        return Int32(max(0, min(Int64(limit), milliseconds + 1)))
    }

    /// Removes and returns the timers whose deadline has passed.
    public mutating func takeDue(at now: ContinuousClock.Instant) -> [Name] {
        let due = deadlines.filter { $0.value <= now }.map(\.key)
        for name in due { deadlines[name] = nil }
        return due
    }
}
