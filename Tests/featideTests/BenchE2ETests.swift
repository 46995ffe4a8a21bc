import Foundation
import Testing

/// `featide bench e2e` as a differential test: `featide run` over a generated recording (every
/// operator and window kind, late events, sessions) against the independent plain Python
/// reference in bench/e2e_reference.py. Small recordings; the figures are not checked.
@Suite struct BenchE2ETests {
    @Test func everyFeatureAgreesWithThePythonReference() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try FeatideBinary.run(["bench", "e2e", "--events", "20000", "--seed", "5", "--out", folder.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("values: all 38 features agree"), "\(result.stdout)")

        // The comparison saw real values: late events were dropped on both sides, and the
        // final record holds windows with contents, not only empty-window values.
        let late = try #require(result.stdout.firstMatch(of: /both dropped (\d+) late events/))
        #expect(Int(late.1)! > 0)
        let output = try String(contentsOf: folder.appendingPathComponent("featide-out.jsonl"), encoding: .utf8)
        let record = try #require(output.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
        let values = try #require(object["values"] as? [String: Any])
        #expect(values.count == 38)
        #expect((values["clicks_10m"] as? Int ?? 0) > 0)
        #expect((values["amount_by_category_1h"] as? [String: Any])?.isEmpty == false)
        #expect((values["top_items_1h"] as? [Any])?.count == 3)
    }

    @Test func aValueThatDiffersIsReported() throws {
        // featide's `amount_10m` (a sum of doubles) leaves out odd timestamps; the reference does not.
        let result = try FeatideBinary.run(["bench", "e2e", "--events", "20000", "--seed", "5", "--perturb", "amount_10m"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("values DIFFER in 1 of"), "\(result.stdout)")
        #expect(result.stdout.contains("  amount_10m: featide "), "\(result.stdout)")
    }
}
