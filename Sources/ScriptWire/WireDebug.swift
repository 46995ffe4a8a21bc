/// Script debugging on the engine ⇄ worker channel, kept apart from `WireMessage`.
///
/// Two paths. The worker's main thread tells the engine on the channel (fd 3) when a call
/// stops and resumes (`WireDebugEvent`), so the engine can suspend the call's deadline. The
/// debugger itself talks to the worker on its own socket (fd 5, `WireDebugRequest` answered by
/// `WireDebugReply`), served by a thread of the worker: breakpoints and pause reach a running
/// or idle script at once, and inspecting a stopped one never touches the engine's channel.
public enum WireDebugEvent: UInt8, Sendable {
    /// `reason, line, description, exception?`: the call stopped; the engine's deadline waits.
    case stopped = 96
    /// The stop ended (continue or a step): the deadline runs again with what was left.
    case resumed = 97
    /// `count × (verified, line, message?)`: breakpoints bound when the script loaded.
    case breakpointsBound = 98
}

/// Debugger → worker, on the debug socket. Every request starts with a `u64` id its reply
/// repeats, so a reply that arrives after the engine gave up waiting is recognised as stale.
public enum WireDebugRequest: UInt8, Sendable {
    /// `count × (line, condition?, hitCondition?, logMessage?)` → `count × (verified, line, message?)`.
    case setBreakpoints = 1
    /// `raised, uncaught`.
    case setExceptionBreakpoints = 2
    /// Stop at the next script line (now, if one is running).
    case pause = 3
    /// Forget a pause that has not stopped anything yet.
    case cancelPause = 4
    /// → `count × (frame id, name, line)`, script frames only, innermost first.
    case stackTrace = 5
    /// `frame id` → `count × (name, reference, named count)`.
    case scopes = 6
    /// `reference, start, count` → `count × variable`.
    case variables = 7
    /// `expression, frame id (0: the script's globals)` → a variable named by the expression.
    case evaluate = 8
    /// `reference, name, value expression` → the variable as set.
    case setVariable = 9
    /// `action` (`WireDebugResume`).
    case resume = 10
    /// → `installed`: whether the main thread has the trace function now (zero cost checks).
    case traceState = 11
}

/// What a stopped script does next.
public enum WireDebugResume: UInt8, Sendable {
    case `continue` = 0, next, stepIn, stepOut
}

/// Worker → debugger, on the debug socket: `id`, then the answer's fields (`ok`) or a message.
public enum WireDebugReply: UInt8, Sendable {
    case ok = 64
    case error = 65
}

extension WireDescriptors {
    /// The worker's debug socket.
    public static let debug: Int32 = 5
}
