/// Bodies of the responses and events this adapter sends.

struct BreakpointsBody: Codable, Sendable {
    var breakpoints: [Breakpoint]
}

struct DataBreakpointInfoBody: Encodable, Sendable {
    /// Null when no data breakpoint can be set on the name; the schema asks for the key anyway.
    var dataId: String?
    var description: String
    var accessTypes: [String]?
    var canPersist: Bool?

    enum CodingKeys: String, CodingKey { case dataId, description, accessTypes, canPersist }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataId, forKey: .dataId)
        try c.encode(description, forKey: .description)
        try c.encodeIfPresent(accessTypes, forKey: .accessTypes)
        try c.encodeIfPresent(canPersist, forKey: .canPersist)
    }
}

struct ThreadsBody: Codable, Sendable {
    var threads: [DAPThread]
}

struct StackTraceBody: Codable, Sendable {
    var stackFrames: [StackFrame]
    var totalFrames: Int?
}

struct ScopesBody: Codable, Sendable {
    var scopes: [Scope]
}

struct VariablesBody: Codable, Sendable {
    var variables: [Variable]
}

struct EvaluateBody: Codable, Sendable {
    var result: String
    var type: String?
    var variablesReference: Int
}

struct SetVariableBody: Codable, Sendable {
    var value: String
    var type: String?
    var variablesReference: Int?
}

struct ContinueBody: Codable, Sendable {
    var allThreadsContinued: Bool?
}

struct StoppedBody: Codable, Sendable {
    /// `entry`, `pause`, `step`, `function breakpoint`, `data breakpoint`, `breakpoint`, `exception`.
    var reason: String
    var description: String?
    var threadId: Int?
    var allThreadsStopped: Bool?
    var hitBreakpointIds: [Int]?
    var text: String?
}

struct ContinuedBody: Codable, Sendable {
    var threadId: Int
    var allThreadsContinued: Bool?
}

struct ThreadEventBody: Codable, Sendable {
    /// `started` or `exited`.
    var reason: String
    var threadId: Int
}

struct OutputBody: Codable, Sendable {
    /// `console`, `stdout`, `stderr`, `important`.
    var category: String?
    var output: String
    /// Where it comes from (a logpoint).
    var source: Source? = nil
    var line: Int? = nil
}

struct TerminatedBody: Codable, Sendable {}

/// `breakpoint` event: a breakpoint's state changed (a script's bound when it loaded).
struct BreakpointEventBody: Encodable, Sendable {
    var reason: String
    var breakpoint: Breakpoint
}
