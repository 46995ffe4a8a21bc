/// `featide.yaml` (`kind: project`): project-wide settings.
public struct ProjectManifest: Sendable {
    public var name: String
    public var version: String
    public var description: String?
    /// The device a scenario runs as when it names none.
    public var device: DeviceProfile
    /// Events older than the newest processed `ts` minus this are dropped (SPEC §2).
    public var allowedLateness: TimeSpan
    /// A session ends after this long without events (SPEC §5).
    public var sessionGap: TimeSpan
    /// Default time budget of one script invocation (SPEC §7).
    public var budget: TimeSpan
    /// Default bound of live partial matches per pattern (SPEC §6).
    public var maxPartialMatches: Int
    /// Limits `featide deploy`'s gate holds the scenarios to (`gate:`).
    public var gate = DeployGateLimits()
    public var location: SourceLocation

    public static let defaultSessionGap = TimeSpan(milliseconds: 30 * 60_000)
    public static let defaultBudget = TimeSpan(milliseconds: 20)
    public static let defaultMaxPartialMatches = 10_000
}

/// The device a decision runs on; rollout and variants hash its `id`.
public struct DeviceProfile: Sendable {
    public var id: String
    /// Every field given (`id`, `model`, `os`, ...), as CEL's `device` variable sees them.
    public var fields: CELMap

    public init(id: String, fields: CELMap) {
        self.id = id
        self.fields = fields
    }

    public static let fieldNames = ["id", "model", "os", "os_version", "app_version", "segment"]

    /// The device of a project that names none.
    public static let unnamed = DeviceProfile(id: "device-1", fields: CELMap([(.string("id"), .string("device-1"))]))
}

/// `gate: {max_held_items: N, max_event_cost_us: N}` in featide.yaml: what a deploy's gate
/// checks besides the scenarios passing. Both unset means no limit.
public struct DeployGateLimits: Sendable {
    /// Timestamps and values one feature's shared state may hold at the end of any scenario
    /// (its memory, in items).
    public var maxHeldItems: Int?
    /// Mean wall time per event of any scenario, decisions and scripts included (µs).
    public var maxEventCostMicroseconds: Int?

    public init(maxHeldItems: Int? = nil, maxEventCostMicroseconds: Int? = nil) {
        self.maxHeldItems = maxHeldItems
        self.maxEventCostMicroseconds = maxEventCostMicroseconds
    }
}
