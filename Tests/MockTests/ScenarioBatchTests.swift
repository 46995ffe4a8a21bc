import Foundation
import Testing
@testable import Engine
@testable import Mock

/// `featide test` runs a script-free project's scenarios side by side, reporting them in
/// the order given with the same verdicts as one at a time (issue 13).
@Suite struct ScenarioBatchTests {
    static func project(scenarios: Int) throws -> (Project, String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-batch-\(UUID().uuidString)")
        for folder in ["features", "mocks"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try "kind: project\nname: p\n".write(to: root.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        try "kind: feature\nname: clicks\non: click\nagg: count\nwindow: {sliding: 1m}\n"
            .write(to: root.appendingPathComponent("features/f.yaml"), atomically: true, encoding: .utf8)
        for n in 0..<scenarios {
            // Scenario n makes n + 1 clicks: odd ones are written to fail (expecting one more).
            let expected = n % 2 == 0 ? n + 1 : n + 2
            try """
                kind: scenario
                name: s\(n)
                start: 2026-11-21T10:00:00Z
                events:
                  - {repeat: \(n + 1), every: 1s, type: click}
                expect:
                  - {at: 1m, feature: clicks, equals: \(expected)}
                """.write(to: root.appendingPathComponent("mocks/s\(n).yaml"), atomically: true, encoding: .utf8)
        }
        let result = ProjectLoader.load(root: root.path)
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return (result.project, root.path)
    }

    static func summary(_ verdict: ScenarioBatch.Verdict) -> String {
        switch verdict {
        case .success(let run): run.outcomes.map { "\($0.passed) \($0.actual)" }.joined(separator: ",")
        case .failure(let error): "\(error)"
        }
    }

    @Test func sideBySideGivesTheVerdictsOfOneAtATimeInTheOrderGiven() throws {
        let (project, root) = try Self.project(scenarios: 7)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(ScenarioBatch.runsSideBySide(project))
        var oneAtATime: [String] = [], sideBySide: [Int: String] = [:], order: [Int] = []
        ScenarioBatch.run(project.scenarios, in: project, width: 1) { _, verdict in
            oneAtATime.append(Self.summary(verdict))
            return true
        }
        ScenarioBatch.run(project.scenarios, in: project, width: 2) { index, verdict in
            order.append(index)
            sideBySide[index] = Self.summary(verdict)
            return true
        }
        #expect(order == Array(0..<7))
        #expect(order.map { sideBySide[$0]! } == oneAtATime)
        #expect(oneAtATime.filter { $0.hasPrefix("false") }.count == 3)
    }

    @Test func twoScenariosRunAtOnceAndALaterOneFinishingFirstWaitsItsTurn() throws {
        let (project, root) = try Self.project(scenarios: 2)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // s0 cannot finish before s1 has: only a batch running both at once gets past this.
        let s1Finished = DispatchSemaphore(value: 0)
        let runner: @Sendable (Scenario) -> ScenarioBatch.Verdict = { scenario in
            let verdict = Result { () throws(PipelineError) -> ScenarioVerdict in try ScenarioRunner.stream(scenario, in: project) { _ in } }
            if scenario.name == "s1" {
                s1Finished.signal()
            } else if s1Finished.wait(timeout: .now() + .seconds(600)) == .timedOut {
                // Not a time limit on the batch: only a way out of a deadlock if it ran one at a time.
                Issue.record("s1 never ran beside s0")
            }
            return verdict
        }
        var order: [Int] = []
        ScenarioBatch.run(project.scenarios.sorted { $0.name < $1.name }, width: 2, runner: runner) { index, _ in
            order.append(index)
            return true
        }
        #expect(order == [0, 1])
    }

    @Test func aProjectWithScriptsRunsOneScenarioAtATime() throws {
        let shopping = ProjectLoader.load(root: ScenarioTimelineTests.root + "/projects/shopping").project
        #expect(!ScenarioBatch.runsSideBySide(shopping))
    }
}
