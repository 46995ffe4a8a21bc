/// A loaded project: every definition, by kind, in the order files and documents were read.
public struct Project: Sendable {
    /// Absolute path of the project folder.
    public var root: String
    public var manifest: ProjectManifest
    public var features: [Feature]
    public var patterns: [Pattern]
    public var decisions: [Decision]
    public var scenarios: [Scenario]

    public func feature(named name: String) -> Feature? { features.first { $0.name == name } }
    public func pattern(named name: String) -> Pattern? { patterns.first { $0.name == name } }
    public func decision(named name: String) -> Decision? { decisions.first { $0.name == name } }
    public func scenario(named name: String) -> Scenario? { scenarios.first { $0.name == name } }
}
