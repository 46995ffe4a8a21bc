import Foundation
import Testing
@testable import Engine
@testable import Mock

@Suite struct ScenarioRunnerTests {
    static let shopping = ProjectLoader.load(root: ScenarioTimelineTests.root + "/projects/shopping").project

    @Test(arguments: ["coupon_happy_path", "browsing_categories", "cart_abandoned"])
    func everyAggregationExpectationOfTheSamplePasses(name: String) throws {
        let project = Self.shopping
        let scenario = try #require(project.scenario(named: name))
        let run = try ScenarioRunner.run(scenario, in: project)
        #expect(run.problems.isEmpty)
        for outcome in run.outcomes {
            guard case .feature(let ref, _, _, _) = outcome.expectation.kind,
                  project.feature(named: ref.name)?.aggregation != nil else { continue }
            #expect(outcome.passed, "\(outcome.subject): expected \(outcome.expected), got \(outcome.actual)")
        }
    }

    @Test(arguments: ["coupon_happy_path", "cart_abandoned"])
    func everyPatternExpectationOfTheSamplePasses(name: String) throws {
        let scenario = try #require(Self.shopping.scenario(named: name))
        let run = try ScenarioRunner.run(scenario, in: Self.shopping)
        let patterns = run.outcomes.filter { if case .patternCount = $0.expectation.kind { true } else { false } }
        #expect(!patterns.isEmpty)
        for outcome in patterns { #expect(outcome.passed, "\(outcome.subject): \(outcome.actual)") }
    }

    @Test func matchesAreRecordsInTheOrderTheyHappen() throws {
        let scenario = try #require(Self.shopping.scenario(named: "cart_abandoned"))
        let run = try ScenarioRunner.run(scenario, in: Self.shopping)
        let lines = run.records.map(\.jsonLine).filter { $0.hasPrefix("{\"record\":\"match\"") }
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("{\"record\":\"match\",\"pattern\":\"cart_abandon\",\"ts\":\(scenario.start + 302_000),"
            + "\"steps\":{\"added\":[{\"ts\":\(scenario.start + 2_000),\"type\":\"add_to_cart\"") == true)
        #expect(lines.last?.contains("\"pattern\":\"search_struggle\"") == true)
    }

    @Test func aWrongPatternCountFailsWithTheMatchesFound() throws {
        var scenario = try #require(Self.shopping.scenario(named: "coupon_happy_path"))
        let location = SourceLocation(file: "mocks/x.yaml", line: 1, column: 1)
        scenario.expectations = [Expectation(
            kind: .patternCount(NameReference(name: "hesitated_on_product", location: location), count: 1,
                                at: TimeSpan(milliseconds: 19_000)),
            location: location)]
        let outcome = try #require(try ScenarioRunner.run(scenario, in: Self.shopping).outcomes.first)
        #expect(!outcome.passed)
        #expect(outcome.actual == "0 match(es)")
    }

    @Test func stepCountsNarrowWhichMatchesCount() throws {
        var scenario = try #require(Self.shopping.scenario(named: "coupon_happy_path"))
        let location = SourceLocation(file: "mocks/x.yaml", line: 1, column: 1)
        var expectation = Expectation(
            kind: .patternCount(NameReference(name: "hesitated_on_product", location: location), count: 1, at: nil),
            location: location)
        expectation.patternSteps = [(NameReference(name: "stay", location: location), 2)]
        scenario.expectations = [expectation]
        let outcome = try #require(try ScenarioRunner.run(scenario, in: Self.shopping).outcomes.first)
        #expect(!outcome.passed)
        #expect(outcome.subject == "pattern hesitated_on_product matches 1 time(s) with stay: 2")
        #expect(outcome.actual == "0 match(es)")
    }

    /// The pattern completes at 20 s, its decision runs the coupon script with `input` and the
    /// mocked `user_level`, and the action is recorded right after the match.
    @Test func aPatternMatchTriggersItsDecisionAndEveryExpectationPasses() throws {
        let scenario = try #require(Self.shopping.scenario(named: "coupon_happy_path"))
        let run = try ScenarioRunner.run(scenario, in: Self.shopping)
        #expect(run.passed, "\(run.outcomes.filter { !$0.passed }.map(\.subject))")
        let kinds = run.records.compactMap { record -> String? in
            switch record {
            case .match(let m): "match \(m.pattern)"
            case .decision(let d): "decision \(d.decision) \(PlainJSON.text(d.payload))"
            default: nil
            }
        }
        #expect(kinds == ["decision rerank_home {\"boost\":[\"shoes\",\"bags\"]}", "match hesitated_on_product",
                          "decision coupon_popup {\"show\":true,\"coupon\":\"C5\"}"])
    }

    @Test func aWrongExpectationFailsWithExpectedActualAndRecentEvents() throws {
        var scenario = try #require(Self.shopping.scenario(named: "coupon_happy_path"))
        let location = SourceLocation(file: "mocks/x.yaml", line: 1, column: 1)
        scenario.expectations = [Expectation(
            kind: .feature(NameReference(name: "home_click_amount_10m", location: location), key: nil,
                           at: TimeSpan(milliseconds: 4_000), check: .equals(.double(62.5))),
            location: location)]
        let outcome = try #require(try ScenarioRunner.run(scenario, in: Self.shopping).outcomes.first)
        #expect(!outcome.passed)
        #expect(outcome.expected == "62.5")
        #expect(outcome.actual == "37.5")  // clicks at 2s, 3s, 4s: the one at exactly 4s is in
        #expect(outcome.recentEvents.map(\.type) == ["app_start", "page_enter", "click", "click", "click"])
    }

    @Test func runEndsWithEveryConsumedFeature() throws {
        let scenario = try #require(Self.shopping.scenario(named: "browsing_categories"))
        let run = try ScenarioRunner.run(scenario, in: Self.shopping)
        guard case .features(_, let values)? = run.records.last else { Issue.record("no features record"); return }
        let names = values.map(\.0)
        #expect(names.contains("top_categories") && names.contains("last_viewed_items"))
        #expect(run.records.last?.jsonLine.hasPrefix("{\"record\":\"features\"") == true)
    }
}
