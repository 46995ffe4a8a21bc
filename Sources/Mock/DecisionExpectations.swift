import Engine

/// `{decision: D, at: T, action: {...}}` and `{no_decision: D, before: T}` against the actions
/// a run produced (SPEC §8).
enum DecisionExpectations {
    /// nil for expectations that are not about decisions.
    static func check(_ expectation: Expectation, _ records: [DecisionRecord], start: Int64,
                      recentEvents: [Event]) -> ExpectationOutcome? {
        switch expectation.kind {
        case .decision(let ref, let at, let action):
            let fired = records.filter { $0.decision == ref.name }
            let passed = fired.contains { record in
                (at.map { record.ts == start.plusSaturating($0.milliseconds) } ?? true)
                    && (action.map { contains(record.payload, $0) } ?? true)
            }
            let when = at.map { " at \($0)" } ?? ""
            let what = action.map { " with an action containing \(PlainJSON.text($0))" } ?? ""
            return ExpectationOutcome(
                expectation: expectation, passed: passed, subject: "decision \(ref.name) fires\(when)",
                expected: "fired\(when)\(what)", actual: describe(fired, start: start),
                recentEvents: passed ? [] : recentEvents)
        case .noDecision(let ref, let before):
            let early = records.filter { $0.decision == ref.name && $0.ts < start.plusSaturating(before.milliseconds) }
            return ExpectationOutcome(
                expectation: expectation, passed: early.isEmpty, subject: "decision \(ref.name) does not fire before \(before)",
                expected: "no action before \(before)", actual: early.isEmpty ? "none" : describe(early, start: start),
                recentEvents: early.isEmpty ? [] : recentEvents)
        default:
            return nil
        }
    }

    /// `expected` is a subset of `actual`: every key of an expected map is in the actual map
    /// with a value that contains the expected one; anything else must be equal.
    static func contains(_ actual: CELValue, _ expected: CELValue) -> Bool {
        guard case .map(let want) = expected else { return actual.isEqual(to: expected) }
        guard case .map(let have) = actual else { return false }
        return zip(want.keys, want.values).allSatisfy { key, value in
            have[key].map { contains($0, value) } ?? false
        }
    }

    private static func describe(_ records: [DecisionRecord], start: Int64) -> String {
        guard !records.isEmpty else { return "never fired" }
        return records.map { record in
            "\(TimeSpan(milliseconds: record.ts - start)): \(record.action.rawValue) \(PlainJSON.text(record.payload))"
                + (record.usedFallback ? " (fallback)" : "")
        }.joined(separator: "; ")
    }
}
