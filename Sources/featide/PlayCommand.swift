import ArgumentParser
import EngineProtocol
import Foundation

/// `featide play SCENARIO [--speed X|max]`: the engine runs a scenario of its active version
/// on a virtual clock (what `featide run` gives); the records and expectation results are
/// printed paced by their times — `--speed 10` is ten times real time, `max` no pause.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a scenario on the engine's active version, paced; print records and expectation results as they are decided.")

    @Argument(help: "The scenario's name.") var scenario: String
    @Option(help: "Times real time, or max (no pauses).") var speed: String = "max"
    @OptionGroup var options: EngineOptions

    func run() throws {
        let factor: Double?
        if speed == "max" { factor = nil } else {
            guard let value = Double(speed), value > 0 else { throw ValidationError("--speed '\(speed)' is not a positive number or max") }
            factor = value
        }
        let client = try options.connect()
        let played = try engineCall { () throws(EngineClientError) in
            try client.call(.play, PlayParams(scenario: scenario), as: PlayResult.self)
        }
        var clock = played.start
        for entry in Self.timeline(played) {
            if let factor, entry.ts > clock {
                usleep(UInt32(min(Double(entry.ts - clock) / factor * 1000, 60_000_000)))
            }
            clock = max(clock, entry.ts)
            FileHandle.standardOutput.write(Data((entry.text + "\n").utf8))
        }
        played.problems.forEach { print("✗ \($0)") }
        let failed = played.outcomes.filter { !$0.passed }.count + played.problems.count
        print("\(played.outcomes.count - played.outcomes.filter { !$0.passed }.count) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    /// Records and verdicts in time order; records first at equal times: a verdict at t
    /// follows what happened at t.
    static func timeline(_ played: PlayResult) -> [(ts: Int64, order: Int, text: String)] {
        let timeline = played.records.map { (ts: $0.ts, order: 0, text: $0.line) }
            + played.outcomes.map { outcome in (ts: outcome.ts, order: 1, text: Self.describe(outcome)) }
        return timeline.sorted(by: { ($0.ts, $0.order) < ($1.ts, $1.order) })
    }

    /// What `featide play --speed max` prints.
    static func lines(_ played: PlayResult) -> [String] {
        let failed = played.outcomes.filter { !$0.passed }.count + played.problems.count
        return timeline(played).map(\.text) + played.problems.map { "✗ \($0)" }
            + ["\(played.outcomes.count - played.outcomes.filter { !$0.passed }.count) passed, \(failed) failed"]
    }

    static func describe(_ outcome: PlayResult.Outcome) -> String {
        outcome.passed ? "✓ \(outcome.subject)"
            : "✗ \(outcome.subject)  (\(outcome.location))\n    expected: \(outcome.expected)\n    actual:   \(outcome.actual)"
    }
}
