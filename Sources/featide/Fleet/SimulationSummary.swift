import Engine

/// What one partition's devices did in `featide simulate`; the driver adds partitions up.
/// Keys are flat strings so that adding up is a sum per key whatever the partition.
struct SimulationSummary: Codable {
    var devices = 0
    /// Devices with events but no profile in the fleet file (not simulated).
    var devicesNotInFleet = 0
    var events = 0
    var eventsLate = 0
    var eventsMalformed = 0
    /// Wall time of the devices' pipelines: decoding, engine, scripts, and each device's script workers starting.
    var engineNanoseconds: UInt64 = 0
    /// "decision|variant|rollout band|action|fallback" → actions taken.
    var actions: [String: Int] = [:]
    /// "decision|variant" → devices that got at least one action.
    var devicesActed: [String: Int] = [:]
    /// Decision → devices whose circuit breaker opened.
    var breakersOpen: [String: Int] = [:]
    var triggered = 0
    var scriptFailures = 0
    var skippedByBreaker = 0
    /// Feature → its value on each device at the device's last event (numbers only).
    var featureValues: [String: [Double]] = [:]
    /// Feature → text value → devices ending with it (categorical features).
    var featureTexts: [String: [String: Int]] = [:]
    /// Feature → devices whose value was neither a number nor text (null, a map, a list).
    var featureOther: [String: Int] = [:]

    /// The tenth of the rollout range a device's bucket falls in for a decision ("30-40%"):
    /// raising `rollout.percent` past it reaches that device.
    static func rolloutBand(device: String, decision: String) -> String {
        let band = Int(StableHash.hash(device, decision, "rollout") % 10_000) / 1_000
        return "\(band * 10)-\(band * 10 + 10)%"
    }
}
