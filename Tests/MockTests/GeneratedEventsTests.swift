import Foundation
import Testing
@testable import Engine
@testable import Mock

/// SPEC §8 `generate:`: seeded synthetic events merged with the rest by time.
@Suite struct GeneratedEventsTests {
    static func project(_ scenario: String) throws -> (Project, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-generate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("mocks"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("features"), withIntermediateDirectories: true)
        try "kind: project\nname: p\n".write(to: root.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        try """
            kind: feature
            name: clicks
            on: click
            agg: count
            window: {sliding: 1h}
            ---
            kind: feature
            name: prices
            on: click
            value: params.price
            agg: last_k
            k: 1000
            window: {sliding: 1h}
            """.write(to: root.appendingPathComponent("features/f.yaml"), atomically: true, encoding: .utf8)
        try scenario.write(to: root.appendingPathComponent("mocks/s.yaml"), atomically: true, encoding: .utf8)
        let result = ProjectLoader.load(root: root.path)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return (result.project, root.path)
    }

    static let scenario = """
        kind: scenario
        name: s
        start: 2026-11-21T10:00:00Z
        events:
          - {at: 1250ms, type: tap}
        generate:
          - type: click
            rate: 2/s
            for: 1m
            seed: 7
            page: home
            params:
              price: {uniform: [1, 50]}
              size: {normal: [10, 2]}
              color: {choice: [red, blue]}
              step: {sequence: [1, 2, 3]}
              source: ad
        expect:
          - {at: 1m, feature: clicks, equals: 120}
        """

    @Test func eventsFollowRateDurationAndDistributionsMergedByTime() throws {
        let (project, root) = try Self.project(Self.scenario)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = try #require(project.scenario(named: "s"))
        let events = ScenarioTimeline(scenario).events
        let clicks = events.filter { $0.type == "click" }
        #expect(clicks.count == 120)
        #expect(clicks.first?.ts == scenario.start && clicks.last?.ts == scenario.start + 59_500)
        #expect(zip(clicks, clicks.dropFirst()).allSatisfy { $1.ts - $0.ts == 500 })
        #expect(events.map(\.type).prefix(5) == ["click", "click", "click", "tap", "click"])  // tap at 1.25 s
        #expect(clicks.allSatisfy { $0.page == "home" })
        for (i, click) in clicks.enumerated() {
            guard case .double(let price)? = click.params[string: "price"], case .double(let size)? = click.params[string: "size"],
                  case .string(let color)? = click.params[string: "color"], case .int(let step)? = click.params[string: "step"]
            else {
                Issue.record("params of click \(i): \(click.params)")
                return
            }
            #expect((1...50).contains(price) && size.isFinite && ["red", "blue"].contains(color))
            #expect(step == Int64(i % 3 + 1))
            #expect(click.params[string: "source"].map(PlainJSON.text) == "\"ad\"")
        }
        let sizes = clicks.compactMap { if case .double(let s)? = $0.params[string: "size"] { s } else { nil } }
        let mean = sizes.reduce(0, +) / Double(sizes.count)
        #expect(abs(mean - 10) < 1)  // 120 draws of N(10, 2): the mean is within 1 almost surely
        #expect(Set(clicks.compactMap { $0.params[string: "color"].map(PlainJSON.text) }).count == 2)
    }

    @Test func theSameSeedGivesTheSameEvents() throws {
        let (project, root) = try Self.project(Self.scenario)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = try #require(project.scenario(named: "s"))
        let first = ScenarioTimeline(scenario).events.map { PlainJSON.text(.map($0.params)) }
        let second = ScenarioTimeline(scenario).events.map { PlainJSON.text(.map($0.params)) }
        #expect(first == second)
        var other = scenario
        other.generators[0].seed = 8
        #expect(ScenarioTimeline(other).events.map { PlainJSON.text(.map($0.params)) } != first)
    }

    @Test func aScenarioWithAGeneratorRunsAndItsExpectationsPass() throws {
        let (project, root) = try Self.project(Self.scenario)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try ScenarioRunner.run(try #require(project.scenario(named: "s")), in: project)
        #expect(run.problems.isEmpty)
        let passed = run.outcomes.map(\.passed)
        #expect(passed == [true], "\(run.outcomes.map(\.actual))")
    }
}
