/// Arguments of the requests this adapter answers (only the fields it reads).

struct AttachArguments: Decodable {
    /// The engine's token (its state folder's `token` file): nothing but `initialize` is
    /// answered before an `attach` carrying it.
    var token: String?
    /// Play this scenario of the active version under the debugger once configured
    /// (`configurationDone`); the session ends with it.
    var scenario: String?
    /// With `scenario`: stop before its first event.
    var stopOnEntry: Bool?
}

struct SetFunctionBreakpointsArguments: Decodable {
    var breakpoints: [FunctionBreakpoint]
}

struct DataBreakpointInfoArguments: Decodable {
    var variablesReference: Int?
    var name: String
}

struct SetDataBreakpointsArguments: Decodable {
    var breakpoints: [DataBreakpoint]
}

struct SetBreakpointsArguments: Decodable {
    var source: Source
    var breakpoints: [SourceBreakpoint]?
}

struct SetExceptionBreakpointsArguments: Decodable {
    var filters: [String]
}

struct ThreadArguments: Decodable {
    var threadId: Int
}

struct StackTraceArguments: Decodable {
    var threadId: Int
    var startFrame: Int?
    var levels: Int?
}

struct ScopesArguments: Decodable {
    var frameId: Int
}

struct VariablesArguments: Decodable {
    var variablesReference: Int
    var start: Int?
    var count: Int?
}

struct SetVariableArguments: Decodable {
    var variablesReference: Int
    var name: String
    var value: String
}

struct EvaluateArguments: Decodable {
    var expression: String
    var frameId: Int?
}
