import Foundation
import Testing

/// What `featide backfill` and `featide simulate` refuse before anything is scheduled.
@Suite struct FleetCommandErrorTests {
    @Test func aFleetFileWithAnUnknownFieldIsRefusedWithTheFieldsItKnows() throws {
        let folder = try FleetRun.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fleet = try FleetRun.write("generate:\n  seed: 1\n  oss: {ios: 1}\n", folder + "/fleet.yaml")
        let run = try FleetRun.run(["simulate", FleetShardTests.project, "--events", PackageRoot.path + "/examples/fleet/events.jsonl",
                                    "--fleet", fleet])
        #expect(run.status != 0)
        #expect(run.stderr.contains("generate: unknown field 'oss'; expected one of model, os, os_version, app_version, segment"),
                "\(run.stderr)")
    }

    @Test func aLabelRowWithoutAnIntegerTimeIsNamedByItsLine() throws {
        let folder = try FleetRun.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let labels = try FleetRun.write("{\"device\":\"a\",\"ts\":5}\n{\"device\":\"b\",\"ts\":\"soon\"}\n", folder + "/labels.jsonl")
        let run = try FleetRun.run(["backfill", FleetShardTests.project, "--events", PackageRoot.path + "/examples/fleet/events.jsonl",
                                    "--at", labels, "--out", folder + "/rows.jsonl"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("labels.jsonl:2: field \"ts\": expected integer milliseconds since the epoch"), "\(run.stderr)")
    }

    @Test func anUnknownFeatureIsRefused() throws {
        let run = try FleetRun.run(["backfill", FleetShardTests.project, "--events", PackageRoot.path + "/examples/fleet/events.jsonl",
                                    "--at", PackageRoot.path + "/examples/fleet/labels.jsonl", "--out", "/tmp/never.jsonl",
                                    "--features", "home_clicks"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no feature named 'home_clicks'"), "\(run.stderr)")
    }
}
