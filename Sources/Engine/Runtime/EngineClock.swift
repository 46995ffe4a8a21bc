import Foundation

/// The one source of "now" for an engine (DESIGN: nothing else reads the system time).
/// Scenarios and tests use `VirtualClock`; a live engine uses `WallClock`.
public protocol EngineClock: Sendable {
    /// Milliseconds since the Unix epoch.
    func now() -> Int64
}

/// Wall time, for a live engine instance.
public struct WallClock: EngineClock {
    public init() {}
    public func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// Time that moves only when told to: a simulated day runs in well under a second.
public final class VirtualClock: EngineClock, @unchecked Sendable {
    private let lock = NSLock()
    private var time: Int64

    public init(start: Int64) { time = start }

    public func now() -> Int64 { lock.withLock { time } }

    /// Moves forward; never backwards.
    public func advance(to t: Int64) { lock.withLock { time = max(time, t) } }
}
