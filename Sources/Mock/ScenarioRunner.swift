import Engine

/// What running one scenario produced: records in the order they happened, and a verdict
/// for every expectation.
public struct ScenarioRun: Sendable {
    public var scenario: Scenario
    public var records: [RunRecord]
    public var outcomes: [ExpectationOutcome]
    /// Problems with the scenario's own data (unreadable recorded lines, unsupported parts).
    public var problems: [String]

    public var passed: Bool { problems.isEmpty && outcomes.allSatisfy(\.passed) }
}

/// Runs a scenario on a virtual clock: events in `ts` order, feature expectations checked at
/// their time (after every event with `ts <= t`), and final feature values.
public enum ScenarioRunner {
    static let recentEventCount = 5

    /// - Parameter inspect: sees the pipeline at the end of the run (`explain` reads live partial matches).
    public static func run(_ scenario: Scenario, in project: Project,
                           inspect: (EnginePipeline) -> Void = { _ in }) throws(PipelineError) -> ScenarioRun {
        let timeline = ScenarioTimeline(scenario)
        let problems = timeline.problems
        let featureChecks = scenario.expectations.enumerated().compactMap { index, e -> (Int, Int64)? in
            if case .feature(_, _, let at, _) = e.kind { return (index, scenario.start.plusSaturating(at.milliseconds)) }
            return nil
        }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let expectedFeatures = scenario.expectations.compactMap { e -> String? in
            if case .feature(let ref, _, _, _) = e.kind { return ref.name }
            return nil
        }
        var overrides: [String: CELValue] = [:]
        for (ref, value) in scenario.featureOverrides { overrides[ref.name] = value }
        let consumed = project.consumedFeatures(extra: expectedFeatures)
        let pipeline = try EnginePipeline(project: project, consumed: consumed, device: scenario.device,
                                          overrides: overrides, input: scenario.input)
        var records: [RunRecord] = []
        var decisions: [DecisionRecord] = []
        var matches: [PatternMatch] = []
        pipeline.onLog = { records.append(.log($0)) }
        pipeline.onDecision = {
            decisions.append($0)
            records.append(.decision($0))
        }
        pipeline.onMatch = { match in
            matches.append(match)
            records.append(.match(match))
        }

        var outcomes = [ExpectationOutcome?](repeating: nil, count: scenario.expectations.count)
        var nextCheck = 0
        func checkFeatures(before limit: Int64?) {
            while nextCheck < featureChecks.count, limit.map({ featureChecks[nextCheck].1 < $0 }) ?? true {
                let (index, t) = featureChecks[nextCheck]
                outcomes[index] = checkFeature(scenario.expectations[index], at: t, pipeline, scenario.start)
                nextCheck += 1
            }
        }
        for event in timeline.events {
            checkFeatures(before: event.ts)
            pipeline.submit(event)
        }
        checkFeatures(before: nil)

        // The clock runs to the last event or check, so timers due by then (absence, within) fire.
        let patternChecks = scenario.expectations.compactMap { e -> Int64? in
            if case .patternCount(_, _, let at?) = e.kind { return scenario.start.plusSaturating(at.milliseconds) }
            return nil
        }
        let end = ([timeline.end, featureChecks.last?.1].compactMap { $0 } + patternChecks)
            .max() ?? scenario.start
        pipeline.advance(to: end)
        let values = consumed.sorted().map { ($0, pipeline.value(of: $0, at: end)) }
        records.append(.features(ts: end, values: values))

        for (index, expectation) in scenario.expectations.enumerated() where outcomes[index] == nil {
            outcomes[index] = DecisionExpectations.check(expectation, decisions, start: scenario.start,
                                                        recentEvents: Array(pipeline.recentEvents.suffix(recentEventCount)))
                ?? PatternExpectation.check(expectation, matches, scenario.start, Array(pipeline.recentEvents))
        }
        inspect(pipeline)
        return ScenarioRun(scenario: scenario, records: records, outcomes: outcomes.map { $0! }, problems: problems)
    }

    private static func checkFeature(_ expectation: Expectation, at t: Int64, _ pipeline: EnginePipeline,
                                     _ start: Int64) -> ExpectationOutcome {
        guard case .feature(let ref, let key, _, let check) = expectation.kind else { fatalError("feature expectation") }
        let actual = pipeline.value(of: ref.name, key: key, at: t)
        let keyText = key.map { "[\(PlainJSON.text($0))]" } ?? ""
        return ExpectationOutcome(
            expectation: expectation, passed: ValueCheckEvaluator.passes(check, actual),
            subject: "\(ref.name)\(keyText) at \(TimeSpan(milliseconds: t - start))",
            expected: ValueCheckEvaluator.describe(check), actual: PlainJSON.text(actual),
            recentEvents: Array(pipeline.recentEvents.suffix(recentEventCount)))
    }
}
