/// Where script debugging plugs in (issue 11 item 2, built inside the confined script worker):
/// the DAP session forwards line and exception breakpoints and `pause` to a backend, and the
/// backend reports each script stop to `EventDebugger.scriptStopped`, which shows it to the
/// client — script frames above the event-level ones — and hands the client's stepping back
/// to it.
///
/// Frame ids and variable references are the backend's own, from 1; the session shows them
/// shifted so they never meet the event-level ones of the same stop. `setBreakpoints` and
/// `setExceptionBreakpoints` are called on the adapter's thread; `scriptStopped` must be
/// called on the engine's thread (it blocks it until the client resumes).
public protocol ScriptDebugBackend: AnyObject, Sendable {
    /// Filters offered in `initialize` (`raised`, `uncaught`).
    var exceptionFilters: [ExceptionBreakpointsFilter] { get }
    /// Line breakpoints of one script (`source.path`), replacing that script's earlier ones;
    /// one answer per breakpoint (verified, or moved to a line with code and saying so).
    func setBreakpoints(source: Source, _ breakpoints: [SourceBreakpoint]) -> [Breakpoint]
    func setExceptionBreakpoints(filters: [String])
    /// Stop the script running now (or the next one to run) at its next line.
    func pause()
}

/// One stopped script, usable from the adapter's thread while the engine's thread waits.
public protocol ScriptStopControl: AnyObject, Sendable {
    /// `breakpoint`, `step`, `exception`, `pause`.
    var reason: String { get }
    var description: String? { get }
    /// Script frames only, innermost first (never sandbox internals).
    func stackTrace() -> [StackFrame]
    func scopes(frameId: Int) -> [Scope]
    func variables(reference: Int, start: Int?, count: Int?) -> [Variable]
    func evaluate(_ expression: String, frameId: Int?) -> Result<Variable, ScriptDebugError>
    func setVariable(reference: Int, name: String, value: String) -> Result<Variable, ScriptDebugError>
    /// Go on: `continue`, `next`, `stepIn`, `stepOut`. Called once.
    func resume(_ step: ScriptStep)
}

public enum ScriptStep: Sendable {
    case proceed, next, stepIn, stepOut
}

public struct ScriptDebugError: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
