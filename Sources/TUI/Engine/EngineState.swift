import EngineProtocol

/// The IDE's view of its engine, for the status line and the panes.
public enum EngineState: Sendable {
    /// No engine for this IDE (a single file, or tests).
    case none
    case connecting(String)
    case connected(StatusResult)
    case disconnected(String)

    /// What the status line says.
    var summary: String {
        switch self {
        case .none: return ""
        case .connecting(let address): return "engine: connecting to \(address)…"
        case .disconnected(let why): return "engine: not reachable (\(why)); retrying"
        case .connected(let status):
            let version = status.version.map { "v\($0)" } ?? "nothing deployed"
            return "engine: \(version) · \(status.eventsAccepted) events"
        }
    }
}
