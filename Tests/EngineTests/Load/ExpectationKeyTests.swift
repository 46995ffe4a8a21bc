import Testing
@testable import Engine

/// SPEC §4: an expectation's `key:` on a feature without `group_by` is a load error.
@Suite struct ExpectationKeyTests {
    @Test func keyOnAFeatureWithoutGroupByIsALoadError() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "features/f.yaml": """
            kind: feature
            name: clicks
            on: click
            agg: count
            window: {sliding: 10m}
            ---
            kind: feature
            name: clicks_by_page
            on: click
            agg: count
            window: {sliding: 10m}
            group_by: page
            """,
            "mocks/s.yaml": """
            kind: scenario
            name: s
            start: 2026-11-21T10:00:00Z
            events:
              - {at: 0s, type: click}
            expect:
              - {at: 1s, feature: clicks, key: home, equals: 1}
              - {at: 1s, feature: clicks_by_page, key: home, equals: 1}
            """,
        ])
        defer { project.remove() }
        #expect(project.diagnostics() == [
            "mocks/s.yaml:7:36: error: 'key' on feature 'clicks', which has no group_by; expected a feature with group_by, or no key",
        ])
    }
}
