/// Timers the workbench asks its loop for.
public enum WorkbenchTimer: Hashable, Sendable {
    /// Write swap files shortly after the last change.
    case swap
    /// Re-check the project after a short idle.
    case check
    /// Look for files changed on disk by other programs.
    case diskCheck
}

/// Results that arrive from other threads.
public enum WorkbenchMessage: Sendable {
    case problems(generation: Int, [Problem])
}

/// What the workbench needs from the outside world, so tests can run it without a terminal.
public protocol WorkbenchEnvironment: AnyObject {
    func schedule(_ timer: WorkbenchTimer, afterMilliseconds milliseconds: Int)
    /// Starts a project check off the UI thread; the result comes back as `.problems`.
    func startCheck(overlays: [String: String], generation: Int)
    /// Puts text on the terminal's clipboard (OSC 52), for pasting into other programs.
    func copyToSystemClipboard(_ text: String)
}
