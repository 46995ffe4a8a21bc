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

/// What a scenario decided, without its records (they went out as they happened).
public struct ScenarioVerdict: Sendable {
    public var outcomes: [ExpectationOutcome]
    /// Problems with the scenario's own data (unreadable recorded lines, dropped events).
    public var problems: [String]

    public var passed: Bool { problems.isEmpty && outcomes.allSatisfy(\.passed) }
}

/// Runs a scenario on a virtual clock: events in `ts` order, feature expectations checked at
/// their time (after every event with `ts <= t`), and final feature values.
public enum ScenarioRunner {
    static let recentEventCount = 5

    /// Runs a scenario and collects its records (`play`, tests, short scenarios).
    /// - Parameter inspect: sees the pipeline at the end of the run (`explain` reads live partial matches).
    /// - Parameter prepare: sees the pipeline before the first event (a debugger attaches there).
    ///   After `inspect`, so that a trailing closure still means `inspect`.
    public static func run(_ scenario: Scenario, in project: Project,
                           decodeAhead: Bool = ScenarioEventStream.decodeAheadByDefault,
                           inspect: (EnginePipeline) -> Void = { _ in },
                           prepare: (EnginePipeline) -> Void = { _ in }) throws(PipelineError) -> ScenarioRun {
        var records: [RunRecord] = []
        let verdict = try stream(scenario, in: project, prepare: prepare, inspect: inspect,
                                 decodeAhead: decodeAhead) { records.append($0) }
        return ScenarioRun(scenario: scenario, records: records, outcomes: verdict.outcomes, problems: verdict.problems)
    }

    /// Runs a scenario, handing each record to `emit` as it happens and holding none: events
    /// are read as they are consumed, and only the decisions and matches that expectations
    /// name are kept, so memory does not grow with the number of events. (Not an overload of
    /// `run`: a trailing closure would then be read as either `inspect` or `emit`.)
    /// `decodeAhead`: recorded files are decoded on threads of their own (the same records either way).
    /// - Parameter submitting: sees each event as it goes to the pipeline, in that order (a
    ///   player lists the scenario's events without laying them out a second time).
    public static func stream(_ scenario: Scenario, in project: Project, prepare: (EnginePipeline) -> Void = { _ in },
                              inspect: (EnginePipeline) -> Void = { _ in }, submitting: (Event) -> Void = { _ in },
                              decodeAhead: Bool = ScenarioEventStream.decodeAheadByDefault,
                              emit: @escaping (RunRecord) -> Void) throws(PipelineError) -> ScenarioVerdict {
        let events = ScenarioEventStream(scenario, decodeAhead: decodeAhead)
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
        prepare(pipeline)
        let (expectedDecisions, expectedPatterns) = namesExpected(scenario)
        var decisions: [DecisionRecord] = []
        var matches: [PatternMatch] = []
        pipeline.onLog = { emit(.log($0)) }
        pipeline.onDecision = { decision in
            if expectedDecisions.contains(decision.decision) { decisions.append(decision) }
            emit(.decision(decision))
        }
        pipeline.onMatch = { match in
            if expectedPatterns.contains(match.pattern) { matches.append(match) }
            emit(.match(match))
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
        // Events leaving the pipeline's recent ring go back to the thread that decoded them.
        if events.retiresOnAnotherThread {
            pipeline.retireEvents = { (retired: consuming [Event]) in events.retire(retired) }
        }
        defer { pipeline.retireEvents = nil }
        for event in events {
            checkFeatures(before: event.ts)
            submitting(event)
            pipeline.submit(event)
        }
        checkFeatures(before: nil)

        // The clock runs to the last event or check, so timers due by then (absence, within) fire.
        let patternChecks = scenario.expectations.compactMap { e -> Int64? in
            if case .patternCount(_, _, let at?) = e.kind { return scenario.start.plusSaturating(at.milliseconds) }
            return nil
        }
        let end = ([events.end, featureChecks.last?.1].compactMap { $0 } + patternChecks)
            .max() ?? scenario.start
        pipeline.advance(to: end)
        let values = consumed.sorted().map { ($0, pipeline.value(of: $0, at: end)) }
        emit(.features(ts: end, values: values))

        for (index, expectation) in scenario.expectations.enumerated() where outcomes[index] == nil {
            outcomes[index] = DecisionExpectations.check(expectation, decisions, start: scenario.start,
                                                        recentEvents: Array(pipeline.recentEvents.suffix(recentEventCount)))
                ?? PatternExpectation.check(expectation, matches, scenario.start, Array(pipeline.recentEvents))
        }
        inspect(pipeline)
        return ScenarioVerdict(outcomes: outcomes.map { $0! }, problems: events.problems)
    }

    /// The decisions and patterns the scenario's expectations name: the only ones whose
    /// records are kept until the end.
    private static func namesExpected(_ scenario: Scenario) -> (decisions: Set<String>, patterns: Set<String>) {
        var decisions: Set<String> = [], patterns: Set<String> = []
        for expectation in scenario.expectations {
            switch expectation.kind {
            case .decision(let ref, _, _), .noDecision(let ref, _): decisions.insert(ref.name)
            case .patternCount(let ref, _, _): patterns.insert(ref.name)
            case .feature: break
            }
        }
        return (decisions, patterns)
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
