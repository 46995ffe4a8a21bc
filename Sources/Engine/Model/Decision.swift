/// `kind: decision`: trigger → script → action (SPEC §7).
public struct Decision: Sendable {
    public var name: String
    public var description: String?
    public var trigger: Trigger
    public var inputs: [NameReference]
    public var script: ScriptReference
    public var action: ActionChannel
    /// Per-invocation time budget; nil means the project's default.
    public var budget: TimeSpan?
    /// Payload used when the script fails, runs over budget or is rejected by the sandbox.
    public var fallback: CELValue?
    public var rollout: Rollout?
    /// Variant name → weight, in the order written.
    public var variants: [(name: String, weight: Int)]
    public var location: SourceLocation
}

public enum Trigger: Sendable {
    case event(on: [String], filter: SourceExpression?)
    case pattern(NameReference)
}

public enum ActionChannel: String, Sendable, CaseIterable {
    case popup, push, banner, rerank, log
}

public struct Rollout: Sendable {
    public var percent: Double
    public var when: SourceExpression?
}
