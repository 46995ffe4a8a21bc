import Testing
@testable import Engine

/// What Flink CEP rejects, reported at the step at fault.
@Suite struct PatternValidatorTests {
    static func diagnostics(_ steps: String, header: String = "") throws -> [String] {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "patterns/p.yaml": "kind: pattern\nname: p\n\(header)steps:\n\(steps)",
        ])
        defer { project.remove() }
        return project.diagnostics()
    }

    @Test func greedyNeedsALoopAndNotAnyContiguity() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a, greedy: true, optional: true}
              - {name: b, on: b, one_or_more: true, greedy: true, contiguity: any}
              - {name: c, on: c}
            """, header: "within: 1m\n") == [
            "patterns/p.yaml:5:5: error: step 'a' is greedy but does not loop; expected times: {min, max} or one_or_more",
            "patterns/p.yaml:6:5: error: step 'b' cannot be greedy with contiguity 'any'",
        ])
    }

    @Test func consecutiveAndCombinationsExcludeEachOther() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a, one_or_more: true, consecutive: true, combinations: true, until: type == "x"}
              - {name: b, on: b}
            """) == ["patterns/p.yaml:4:5: error: step 'a' cannot be both 'consecutive' and 'combinations'"])
    }

    @Test func anAbsenceLongerThanTheWindowCanNeverComplete() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a}
              - {name: quiet, on: b, not: followed_by, for: 2m}
            """, header: "within: 1m\n") == [
            "patterns/p.yaml:6:5: error: pattern 'p' can match nothing: 'for: 2m' on step 'quiet' is longer than 'within: 1m'",
        ])
    }

    @Test func skipMustNameAStepThatTakesEvents() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a}
              - {name: no_b, on: b, not: next}
              - {name: c, on: c}
            """, header: "skip: {to_last: no_b}\n") == [
            "patterns/p.yaml:3:17: error: skip: step 'no_b' is negative and never takes an event; name a positive step",
        ])
    }

    @Test func aPatternExpectationNamesStepsOfItsPattern() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "patterns/p.yaml": "kind: pattern\nname: p\nsteps:\n  - {name: a, on: a}\n  - {name: b, on: b}\n",
            "mocks/s.yaml": """
                kind: scenario
                name: s
                start: 2026-11-21T10:00:00Z
                events: [{at: 0s, type: a}]
                expect:
                  - {pattern: p, count: 1, steps: {bb: 1}}
                  - {feature: f, at: 1s, equals: 1, steps: {a: 1}}
                """,
        ])
        defer { project.remove() }
        let diagnostics = project.diagnostics()
        #expect(diagnostics.contains("mocks/s.yaml:6:36: error: unknown step 'bb' in pattern 'p' (did you mean 'b'?)"))
        #expect(diagnostics.contains { $0.hasPrefix("mocks/s.yaml:7:") && $0.contains("'steps'") })
    }

    @Test func aValidPatternHasNoDiagnostics() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a}
              - {name: b, on: b, times: {min: 2, max: 4}, greedy: true, consecutive: true}
              - {name: no_x, on: x, not: next}
              - {name: c, on: c, optional: true}
              - {name: d, on: d, contiguity: any}
            """, header: "within: 1m\nskip: {to_first: b}\n") == [])
    }
}
