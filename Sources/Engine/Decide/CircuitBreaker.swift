/// Disables a decision after consecutive script failures until the next deploy (a new engine
/// pipeline), so a broken script stops costing time on every trigger (SPEC §7).
public struct CircuitBreaker: Sendable, Codable {
    public static let threshold = 3
    public private(set) var consecutiveFailures = 0
    public private(set) var isOpen = false

    public init() {}

    /// True when this failure is the one that opens the breaker (log it once).
    public mutating func recordFailure() -> Bool {
        consecutiveFailures += 1
        guard !isOpen, consecutiveFailures >= Self.threshold else { return false }
        isOpen = true
        return true
    }

    public mutating func recordSuccess() {
        consecutiveFailures = 0
    }
}
