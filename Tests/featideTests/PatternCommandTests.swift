import Foundation
import Testing

/// Patterns as a user meets them on the command line: match records and the NFA in `explain`.
@Suite struct PatternCommandTests {
    @Test func runPrintsEachMatchAsARecord() throws {
        let result = try FeatideBinary.run(["run", "projects/shopping", "--scenario", "coupon_happy_path"])
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("{\"record\":\"match\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["pattern"] as? String == "hesitated_on_product")
        let steps = try #require(object["steps"] as? [String: [[String: Any]]])
        #expect(steps.keys.sorted() == ["back", "home", "product", "stay"])
        #expect(steps["stay"]?.count == 3)
        #expect(steps["back"]?.first?["page"] as? String == "home")
    }

    @Test func explainPrintsEachNFAWithLivePartialMatchesAfterAScenario() throws {
        let result = try FeatideBinary.run(["explain", "projects/shopping", "--scenario", "cart_abandoned"])
        #expect(result.status == 0)
        let text = result.stdout
        #expect(text.contains("pattern cart_abandon: 3 states, skip past_last_event"))
        #expect(text.contains("  s1 no_checkout (absence)  (0 live)"))
        #expect(text.contains("      at 5m after the previous event → s2"))
        #expect(text.contains("      take page_enter where page == \"home\" && ts - product.ts >= 10000"))
        #expect(text.contains("  s1 searches (loop), strict  (0 live)"))
        #expect(text.contains("  1 partial matches alive after scenario cart_abandoned; bounded to 10000 partial matches (oldest dropped)"))
    }
}
