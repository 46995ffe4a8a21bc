import Testing
@testable import Engine

/// `featide check` reads a recording in one streaming pass (issue 13) and still names each
/// recorded event that falls outside the event range once shifted, and lays out what follows.
@Suite struct RecordedTimesCheckTests {
    @Test func aRecordingShiftedPastYear9999IsReportedAtEachLineThatFallsOut() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "features/f.yaml": "kind: feature\nname: clicks\non: click\nagg: count\nwindow: {sliding: 10m}\n",
            "mocks/recorded/day.jsonl": """
            {"ts": 1000, "type": "click"}
            {"ts": 500, "type": "click"}
            {"ts": 3000, "type": "click"}
            {"ts": 1500, "type": "click"}
            """,
            "mocks/s.yaml": """
            kind: scenario
            name: s
            start: 9999-12-31T23:59:58Z
            events:
              - {file: recorded/day.jsonl}
              - {at: +1s, type: click}
            expect:
              - {at: 0s, feature: clicks, equals: 1}
            """,
            "mocks/early.yaml": """
            kind: scenario
            name: early
            start: 2026-11-21T10:00:00Z
            events:
              - {file: recorded/day.jsonl}
            expect:
              - {at: 0s, feature: clicks, equals: 1}
            """,
        ])
        defer { project.remove() }
        let summary = try #require(RecordedFileSummary(path: project.root + "/mocks/recorded/day.jsonl"))
        #expect(summary.firstTs == 1000 && summary.lastOffset == 500 && summary.offsets == -500...2000)
        // Line 2 lands before the start but inside the range; line 3 goes past 9999. The `+1s`
        // event counts from line 4 (in range, the last in file order): 23:59:58.500 + 1 s.
        #expect(project.diagnostics().filter { $0.contains("error") } == [
            "mocks/recorded/day.jsonl:3:1: error: recorded event falls outside the event time range once shifted to scenario 's'; expected event times from 1970 to the end of year 9999",
        ])
    }
}
