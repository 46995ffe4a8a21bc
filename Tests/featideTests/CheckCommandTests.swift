import Foundation
import Testing

@Suite struct CheckCommandTests {
    @Test func theShoppingSamplePasses() throws {
        let result = try FeatideBinary.run(["check", "projects/shopping"])
        #expect(result.status == 0)
        #expect(result.stdout == "shopping 1.0.0: ok — 15 features, 3 patterns, 2 decisions, 3 scenarios, 0 warnings\n")
    }

    @Test func defaultsToTheCurrentFolder() throws {
        let result = try FeatideBinary.run(["check"], in: PackageRoot.path + "/projects/shopping")
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("shopping 1.0.0: ok"))
    }

    /// The full output for `projects/broken`, one of each kind of error, reviewed line by line.
    @Test func theBrokenSampleMatchesItsGoldenOutput() throws {
        let result = try FeatideBinary.run(["check", "projects/broken"])
        let golden = try String(contentsOfFile: PackageRoot.path + "/Tests/featideTests/Golden/broken-check.txt", encoding: .utf8)
        #expect(result.status == 1)
        #expect(result.stdout == golden)
    }
}

@Suite struct ScenarioCommandTests {
    @Test func testRunsEveryScenarioAndEndsWithTheCounts() throws {
        let result = try FeatideBinary.run(["test", "projects/shopping"])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains("  ✓ home_click_amount_10m at 15s"))
        #expect(lines.contains("  ✓ amount_by_category[\"shoes\"] at 10s"))
        #expect(lines.contains("  ✓ pattern cart_abandon matches 1 time(s)"))
        #expect(lines.contains("  ✓ pattern hesitated_on_product matches 1 time(s) with stay: 3, back: 1"))
        #expect(lines.contains("  ✓ decision coupon_popup fires at 20s"))
        #expect(lines.contains("  ✓ decision rerank_home fires at 9s"))
        #expect(lines.last == "29 passed, 0 failed")
        #expect(result.status == 0)
    }

    @Test func testOfOneScenarioWithOnlyFeatureExpectationsPasses() throws {
        let project = try CopiedProject("projects/shopping")
        defer { project.remove() }
        // Keep only the feature expectations of one scenario.
        let path = project.root + "/mocks/browsing_categories.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("decision") }
            .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let result = try FeatideBinary.run(["test", project.root, "browsing_categories"])
        #expect(result.stdout.hasSuffix("10 passed, 0 failed\n"))
        #expect(result.status == 0)
    }

    @Test func aFailedExpectationShowsExpectedActualAndTheEventsBefore() throws {
        let project = try CopiedProject("projects/shopping")
        defer { project.remove() }
        let path = project.root + "/mocks/coupon_happy_path.yaml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "home_click_amount_10m, equals: 62.5", with: "home_click_amount_10m, equals: 60.0")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try FeatideBinary.run(["test", project.root, "coupon_happy_path"])
        #expect(result.stdout.contains("""
              ✗ home_click_amount_10m at 15s  (mocks/coupon_happy_path.yaml:16:5)
                  expected: 60.0
                  actual:   62.5
                  last events:
                    5s click page=home params={"item":"sku1","price":12.5,"category":"shoes"}
                    6s click page=home params={"item":"sku1","price":12.5,"category":"shoes"}
                    7s page_enter page=product
                    11s click page=product params={"item":"sku9","price":99.0,"category":"bags"}
                    15s click page=product params={"item":"sku9","price":99.0,"category":"bags"}
            """))
        #expect(result.status == 1)
    }

    @Test func runPrintsJSONLinesEndingWithFeatureValues() throws {
        let result = try FeatideBinary.run(["run", "projects/shopping", "--scenario", "browsing_categories"])
        let last = try #require(result.stdout.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["record"] as? String == "features")
        let values = try #require(object["values"] as? [String: Any])
        #expect(values["top_categories"] as? [String] == ["shoes", "hats"])
        #expect(values["home_click_amount_10m"] as? Double == 110.0)
    }

    @Test func treeShowsSessionsPagesAndLinks() throws {
        let result = try FeatideBinary.run(["tree", "projects/shopping", "--scenario", "coupon_happy_path"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("page home -> product via click @+6000ms"))
        #expect(result.stdout.contains("      page product -> home via click @+19000ms\n"))
    }

    @Test func anUnknownScenarioIsAUsageError() throws {
        let result = try FeatideBinary.run(["run", "projects/shopping", "--scenario", "nope"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no scenario named 'nope'; the project has: "))
    }
}

/// A copy of a sample project in a temporary folder, to change without touching the original.
struct CopiedProject {
    let root: String

    init(_ relativePath: String) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-copy-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: PackageRoot.path + "/" + relativePath, toPath: root)
        try? FileManager.default.removeItem(atPath: root + "/.featide")  // a local engine's state (scripts/run makes one)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

@Suite struct ExprAndExplainCommandTests {
    @Test func exprPrintsTypedJSONAndExitsZeroOnErrors() throws {
        #expect(try FeatideBinary.run(["expr", "1 + 2"]).stdout == "{\"int\":\"3\"}\n")
        let bound = try FeatideBinary.run(["expr", "x * 2.0", "--bindings", #"{"x": {"double": 1.5}}"#])
        #expect(bound.stdout == "{\"double\":3.0}\n" || bound.stdout == "{\"double\":3}\n")
        let overflow = try FeatideBinary.run(["expr", "9223372036854775807 + 1"])
        #expect(overflow.status == 0 && overflow.stdout.hasPrefix("{\"error\":"))
        #expect(try FeatideBinary.run(["expr", "x", "--bindings", "{bad"]).status == 2)
    }

    /// An expression starting with `-` is an expression, not an option, and needs no `--`.
    @Test func exprTakesAnExpressionStartingWithAMinus() throws {
        let result = try FeatideBinary.run(["expr", "-7 % 3"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"int\":\"-1\"}\n")
        let bound = try FeatideBinary.run(["expr", "--bindings", #"{"x": {"int": "3"}}"#, "-x"])
        #expect(bound.stdout == "{\"int\":\"-3\"}\n")
        #expect(try FeatideBinary.run(["expr"]).status == 2)
    }

    @Test func explainShowsSharedStatesAndWhatIsNotComputed() throws {
        let all = try FeatideBinary.run(["explain", "projects/shopping", "--all"])
        #expect(all.status == 0)
        #expect(all.stdout.contains("""
            on [click] where page == "home" && params.price > 10.0, window sliding 10m
              home_click_amount_10m = sum of params.price
              home_click_count_10m = count
              avg_home_click_price_10m = avg of params.price
            """))
        let consumed = try FeatideBinary.run(["explain", "projects/shopping"])
        #expect(consumed.stdout.contains("not computed (nothing consumes them): amount_by_category, categories_seen"))
    }
}
