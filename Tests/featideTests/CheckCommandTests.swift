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
