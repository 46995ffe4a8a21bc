import EngineProtocol

extension IDEEngine {
    /// The scenario's first this many events come with a play (the player's timeline).
    static let playEventsListed = 2_000
    /// And at most this many records (about 17 MiB of JSON): a play of millions stays bounded.
    static let playRecordsListed = 100_000

    /// `play` on a connection of its own, blocking: a breakpoint in the scenario's script
    /// holds the answer for as long as the debugger keeps it stopped, so the caller is never
    /// the UI thread (nor the engine link's, which must go on following logs meanwhile).
    func play(_ scenario: String) -> WorkbenchMessage {
        do {
            let client = try EngineClient(address: address)
            try client.authenticate(tokenFile: tokenFile)
            let result = try client.call(.play, PlayParams(scenario: scenario, listEvents: Self.playEventsListed, listRecords: Self.playRecordsListed), as: PlayResult.self)
            return .played(ScenarioPlayer(scenario: scenario, result: result))  // sorted here, not on the UI thread
        } catch {
            return .playFailed(scenario: scenario, reason: error.description)
        }
    }
}
