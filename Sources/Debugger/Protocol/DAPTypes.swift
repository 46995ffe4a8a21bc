/// The Debug Adapter Protocol's types this adapter uses (names and fields as in
/// `debugAdapterProtocol.json`; a test checks every message sent against that schema).

/// What `initialize` answers: only what is implemented.
public struct Capabilities: Codable, Sendable {
    public var supportsConfigurationDoneRequest: Bool?
    public var supportsFunctionBreakpoints: Bool?
    public var supportsConditionalBreakpoints: Bool?
    public var supportsDataBreakpoints: Bool?
    public var supportsStepBack: Bool?
    public var supportsSetVariable: Bool?
    public var supportsHitConditionalBreakpoints: Bool?
    public var supportsLogPoints: Bool?
    public var exceptionBreakpointFilters: [ExceptionBreakpointsFilter]?
}

public struct ExceptionBreakpointsFilter: Codable, Sendable {
    public var filter: String
    public var label: String
    public var description: String?
    public var `default`: Bool?
    public init(filter: String, label: String, description: String? = nil, default: Bool? = nil) {
        self.filter = filter
        self.label = label
        self.description = description
        self.default = `default`
    }
}

public struct DAPThread: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
}

public struct Source: Codable, Sendable {
    public var name: String?
    public var path: String?
    public init(name: String? = nil, path: String? = nil) {
        self.name = name
        self.path = path
    }
}

public struct StackFrame: Codable, Sendable {
    public var id: Int
    public var name: String
    public var source: Source?
    public var line: Int
    public var column: Int
    /// `normal`, `label` or `subtle`.
    public var presentationHint: String?
    public init(id: Int, name: String, source: Source? = nil, line: Int = 0, column: Int = 0, presentationHint: String? = nil) {
        self.id = id
        self.name = name
        self.source = source
        self.line = line
        self.column = column
        self.presentationHint = presentationHint
    }
}

public struct Scope: Codable, Sendable {
    public var name: String
    public var variablesReference: Int
    public var namedVariables: Int?
    public var expensive: Bool
    public init(name: String, variablesReference: Int, namedVariables: Int? = nil, expensive: Bool = false) {
        self.name = name
        self.variablesReference = variablesReference
        self.namedVariables = namedVariables
        self.expensive = expensive
    }
}

public struct Variable: Codable, Sendable {
    public var name: String
    public var value: String
    public var type: String?
    /// Non-zero: the variable has children, read with `variables`.
    public var variablesReference: Int
    public var namedVariables: Int?
    public var indexedVariables: Int?
    public init(name: String, value: String, type: String? = nil, variablesReference: Int = 0,
                namedVariables: Int? = nil, indexedVariables: Int? = nil) {
        self.name = name
        self.value = value
        self.type = type
        self.variablesReference = variablesReference
        self.namedVariables = namedVariables
        self.indexedVariables = indexedVariables
    }
}

public struct Breakpoint: Codable, Sendable {
    public var id: Int?
    public var verified: Bool
    public var message: String?
    public var source: Source?
    public var line: Int?
    public init(id: Int?, verified: Bool, message: String? = nil, source: Source? = nil, line: Int? = nil) {
        self.id = id
        self.verified = verified
        self.message = message
        self.source = source
        self.line = line
    }
}

public struct FunctionBreakpoint: Codable, Sendable {
    public var name: String
    public var condition: String?
    public var hitCondition: String?
    public init(name: String, condition: String? = nil) {
        self.name = name
        self.condition = condition
    }
}

public struct DataBreakpoint: Codable, Sendable {
    public var dataId: String
    public var accessType: String?
    public var condition: String?
    public var hitCondition: String?
    public init(dataId: String) { self.dataId = dataId }
}

public struct SourceBreakpoint: Codable, Sendable {
    public var line: Int
    public var column: Int?
    public var condition: String?
    public var hitCondition: String?
    public var logMessage: String?
}
