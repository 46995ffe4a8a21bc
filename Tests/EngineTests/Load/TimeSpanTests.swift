import Testing
@testable import Engine

@Suite struct TimeSpanTests {
    @Test(arguments: [("250ms", 250), ("10s", 10_000), ("5m", 300_000), ("2h", 7_200_000), ("7d", 604_800_000), ("0s", 0)])
    func parsesEveryUnit(text: String, milliseconds: Int64) {
        #expect(TimeSpan(parsing: text)?.milliseconds == milliseconds)
    }

    @Test(arguments: ["10mins", "1.5s", "-3s", "s", "10", "", "10 s", "5M", "99999999999999999d"])
    func rejectsAnythingElse(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test func printsTheShortestExactSpelling() {
        #expect(TimeSpan(milliseconds: 90_000).description == "90s")
        #expect(TimeSpan(milliseconds: 600_000).description == "10m")
        #expect(TimeSpan(milliseconds: 1_500).description == "1500ms")
    }
}
