/// What the debug adapter asks of the engine it serves, beyond the hooks: playing a scenario
/// under the debugger (an `attach` with `scenario`). The CLI wires it to the engine instance.
public protocol DebuggedEngine: Sendable {
    /// Plays `scenario` of the active version on the engine's thread (it may stop there);
    /// `done` gets what `featide play` prints, line by line, or why it could not run.
    func play(scenario: String, done: @escaping @Sendable (Result<[String], PlayRefused>) -> Void)
}

public struct PlayRefused: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
