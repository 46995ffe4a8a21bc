import Testing
@testable import Engine

/// `generate:` entries (SPEC §8) are checked at load: distributions and bounded size.
@Suite struct GeneratorDecoderTests {
    static func diagnostics(_ generator: String) throws -> [String] {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "mocks/s.yaml": "kind: scenario\nname: s\nstart: 2026-11-21T10:00:00Z\ngenerate:\n" + generator,
        ])
        defer { project.remove() }
        return project.diagnostics()
    }

    @Test func everyDistributionDecodes() throws {
        #expect(try Self.diagnostics("""
              - {type: click, rate: 2/s, for: 1m, params: {a: {uniform: [1, 5]}, b: {normal: [0, 1]}, c: {choice: [x, 2]}, d: {sequence: [1]}, e: 3}}
            """) == [])
    }

    @Test func badDistributionsAndHugeGeneratorsAreLocatedErrors() throws {
        #expect(try Self.diagnostics("""
              - {type: click, rate: 2/s, for: 1m, params: {b: {normal: [0, -1]}, d: {sequence: []}}}
              - {type: click, rate: 1000/s, for: 7d}
            """) == [
            "mocks/s.yaml:5:60: error: params.b.normal: expected [mean, standard deviation] with a deviation >= 0",
            "mocks/s.yaml:5:84: error: params.d.sequence: expected at least one value",
            "mocks/s.yaml:6:25: error: generator makes more than 1000000 events; expected a lower rate or a shorter 'for'",
        ])
    }
}
