import Engine

/// `{pattern: NAME, count: N[, at: T][, steps: {STEP: K}]}`: how many times the pattern
/// matched by `T` (or by the end of the scenario), counting only matches whose steps took
/// exactly K events each. Timed-out partial matches (`on_timeout: emit`) are not matches.
enum PatternExpectation {
    /// nil for an expectation on something other than a pattern.
    static func check(_ expectation: Expectation, _ matches: [PatternMatch], _ start: Int64,
                      _ recentEvents: [Event]) -> ExpectationOutcome? {
        guard case .patternCount(let ref, let count, let at) = expectation.kind else { return nil }
        let limit = at.map { start.plusSaturating($0.milliseconds) } ?? .max
        let found = matches.filter { match in
            match.pattern == ref.name && !match.timedOut && match.ts <= limit
                && expectation.patternSteps.allSatisfy { match.events(of: $0.step.name).count == $0.events }
        }
        var when = at.map { " by \($0)" } ?? ""
        if !expectation.patternSteps.isEmpty {
            when += " with " + expectation.patternSteps.map { "\($0.step.name): \($0.events)" }.joined(separator: ", ")
        }
        let times = found.map { "at \(TimeSpan(milliseconds: $0.ts - start))" }.joined(separator: ", ")
        return ExpectationOutcome(
            expectation: expectation, passed: found.count == count,
            subject: "pattern \(ref.name) matches \(count) time(s)\(when)",
            expected: "\(count) match(es)", actual: "\(found.count) match(es)\(times.isEmpty ? "" : ": \(times)")",
            recentEvents: Array(recentEvents.suffix(ScenarioRunner.recentEventCount)))
    }
}
