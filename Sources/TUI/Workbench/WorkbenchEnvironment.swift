import EngineProtocol
import Foundation

/// Timers the workbench asks its loop for.
public enum WorkbenchTimer: Hashable, Sendable {
    /// Write swap files shortly after the last change.
    case swap
    /// Re-check the project after a short idle.
    case check
    /// Look for files changed on disk by other programs.
    case diskCheck
    /// Move a playing scenario's clock on (ScenarioPlayer.tickMilliseconds apart).
    case playback
}

/// Results that arrive from other threads.
public enum WorkbenchMessage: Sendable {
    case problems(generation: Int, [Problem])
    case swapFailed(path: String, reason: String)
    /// From the project's engine (EngineLink): its state, the version history, log records.
    case engine(EngineState)
    case deployments([DeploymentInfo])
    case values(ValuesResult)
    case inspected(InspectResult)
    /// A message from the debug adapter (DAP JSON); empty: the connection ended.
    case debugMessage(Data)
    case logs([LogLine], replacing: Bool)
    /// The engine played a scenario (`play`): its player, laid out off the UI thread. Or not.
    case played(ScenarioPlayer)
    case playFailed(scenario: String, reason: String)
    /// A `featide deploy` or `rollback` run from the IDE ended: whether it did, what it printed.
    case engineCommandFinished(command: String, succeeded: Bool, output: [String])
}

/// What the workbench needs from the outside world, so tests can run it without a terminal.
public protocol WorkbenchEnvironment: AnyObject {
    func schedule(_ timer: WorkbenchTimer, afterMilliseconds milliseconds: Int)
    /// Starts a project check off the UI thread; the result comes back as `.problems`.
    func startCheck(overlays: [String: String], generation: Int)
    /// Runs file work (swap writes and removals) off the UI thread, one job after another in
    /// the order asked, so a keystroke never waits for a 10 000-line swap to hit the disk.
    /// A returned message is handed back to the workbench.
    func runFileWork(_ work: @escaping @Sendable () -> WorkbenchMessage?)
    /// Puts text on the terminal's clipboard (OSC 52), for pasting into other programs.
    func copyToSystemClipboard(_ text: String)
    /// Runs `featide ARGUMENTS` against the project's engine off the UI thread (deploy,
    /// rollback); `.engineCommandFinished` comes back. False when this IDE has no engine.
    func runEngineCommand(_ arguments: [String]) -> Bool
    /// Asks the engine to play a scenario off the UI thread (the answer may wait while a
    /// breakpoint holds it); `.played` or `.playFailed` comes back. False with no engine.
    func playScenario(_ name: String) -> Bool
    /// Connects to the engine's debug adapter; requests then go out through the returned
    /// sender, messages come back as `.debugMessage`. Nil when there is none.
    func connectDebugger() -> DebugSender?
    /// The features whose changes the engine should record (EngineLink asks with `values`).
    func trackFeatures(_ names: [String])
}

extension WorkbenchEnvironment {
    public func runEngineCommand(_ arguments: [String]) -> Bool { false }
    public func playScenario(_ name: String) -> Bool { false }
    public func connectDebugger() -> DebugSender? { nil }
    public func trackFeatures(_ names: [String]) {}
}

/// Sends DAP requests (the workbench's side of the debug connection).
public protocol DebugSender: AnyObject {
    /// The request's `seq`.
    @discardableResult func request(_ command: String, _ arguments: [String: Any]) -> Int
    func close()
}
