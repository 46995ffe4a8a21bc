/// A line breakpoint in a script, as a debugger sets it (DAP's `SourceBreakpoint`).
public struct ScriptBreakpoint: Sendable, Equatable {
    public var line: Int
    /// Stop only when this Python expression is true (checked as scripts are: sandboxed).
    public var condition: String?
    /// `N` or `==N` (stop on that hit), `>N`, `>=N`, `<N`, `<=N`, `%N` (every Nth hit).
    public var hitCondition: String?
    /// A logpoint: log this text, `{expr}` replaced by the expression's value, and go on.
    public var logMessage: String?

    public init(line: Int, condition: String? = nil, hitCondition: String? = nil, logMessage: String? = nil) {
        self.line = line
        self.condition = condition
        self.hitCondition = hitCondition
        self.logMessage = logMessage
    }
}

/// Where a breakpoint landed: `line` is the line it binds to (the next line with code when
/// the requested one has none; `message` then says so). Unverified until its script loads,
/// or when it can never bind (no code after it, a condition the sandbox refuses).
public struct BreakpointState: Sendable, Equatable {
    public var verified: Bool
    public var line: Int
    public var message: String?

    public init(verified: Bool, line: Int, message: String?) {
        self.verified = verified
        self.line = line
        self.message = message
    }
}

/// Why a script stopped.
public enum ScriptStopReason: String, Sendable, Equatable {
    case breakpoint, step, pause, exception
}

/// How a stopped script goes on.
public enum ScriptResumeAction: Sendable, Equatable {
    case `continue`, next, stepIn, stepOut
}

/// A frame of a stopped script: script code only, innermost first. `id` is valid while the
/// stop lasts.
public struct ScriptStackFrame: Sendable, Equatable {
    public var id: Int
    /// The function's qualified name (`decide`, `Scorer.score`, `<module>`).
    public var name: String
    public var file: String
    public var line: Int
}

/// `Locals`, `Globals` (the script's), `ctx` (when a call is running).
public struct ScriptScope: Sendable, Equatable {
    public var name: String
    public var variablesReference: Int
    public var namedVariables: Int
}

/// A variable (or an evaluated expression): its `repr`, shortened, and a reference to expand
/// it (0 when it has no parts). Counts let a client page through large lists and dicts.
public struct ScriptVariable: Sendable, Equatable {
    public var name: String
    public var value: String
    public var type: String
    public var variablesReference: Int
    public var namedVariables: Int
    public var indexedVariables: Int
}

/// A debug request that could not be served; the message says why.
public struct ScriptDebugError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
