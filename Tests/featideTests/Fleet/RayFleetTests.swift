import Foundation
import Testing

/// `featide backfill` and `featide simulate` end to end on Ray in local mode (the venv
/// `scripts/setup` makes): the Swift CLI starts the Python driver, which runs `featide shard`
/// tasks. One at a time: each starts its own local Ray.
@Suite(.serialized) struct RayFleetTests {
    /// Backfill through Ray with the shard of partition 3 killed half-way on its first
    /// attempt: Ray retries it and every row still equals the device's own run.
    @Test func backfillOnRayEqualsEachDeviceRunAloneDespiteAKilledShard() throws {
        let fixture = FleetFixture.make(devices: 10, events: 100, labels: 5, seed: 25)
        let reference = try FleetReference(fixture, profiles: Dictionary(uniqueKeysWithValues: fixture.devices.map {
            ($0.id, FleetReference.defaultProfile($0.id))
        }), features: FleetShardTests.features)
        defer { reference.remove() }
        let folder = try FleetRun.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let marker = folder + "/killed-once"
        let run = try FleetRun.run(
            ["backfill", FleetShardTests.project, "--events", try FleetRun.write(fixture.fleetEvents, folder + "/events.jsonl"),
             "--at", try FleetRun.write(fixture.labelRows, folder + "/labels.jsonl"), "--out", folder + "/rows.jsonl",
             "--workers", "2", "--partitions", "5"],
            environment: ["FEATIDE_SHARD_FAIL_ONCE": "3:\(marker)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: marker), "partition 3's first attempt was not killed")
        #expect(run.stderr.contains("1 retried"), "\(run.stderr)")
        let rows = try FleetRun.objects(try String(contentsOfFile: folder + "/rows.jsonl", encoding: .utf8))
        // In the labels' order.
        let labels = try FleetRun.objects(fixture.labelRows)
        #expect(rows.map { $0["device"] as! String } == labels.map { $0["device"] as! String })
        #expect(rows.map { ($0["ts"] as! NSNumber).int64Value } == labels.map { ($0["ts"] as! NSNumber).int64Value })
        let problems = try FleetRun.mismatches(rows, try reference.featureValues(), features: FleetShardTests.features)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test func simulateOnRayCountsEqualTheSumOfEachDeviceRunAlone() throws {
        let fixture = FleetFixture.make(devices: 9, events: 100, labels: 1, seed: 26)
        let profiles = FleetShardTests.profiles(fixture)
        let reference = try FleetReference(fixture, profiles: profiles, features: [])
        defer { reference.remove() }
        let folder = try FleetRun.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try FleetRun.run(
            ["simulate", FleetShardTests.project, "--events", try FleetRun.write(fixture.fleetEvents, folder + "/events.jsonl"),
             "--fleet", try FleetRun.write(FleetShardTests.fleetFile(fixture, profiles), folder + "/fleet.yaml"),
             "--json", folder + "/report.json", "--workers", "2", "--partitions", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("decision coupon_popup:"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/report.json"))) as! [String: Any]
        var counts: [String: Int] = [:], fallbacks: [String: Int] = [:]
        for (decision, entry) in report["decisions"] as! [String: [String: Any]] {
            for (variant, count) in entry["by_variant"] as! [String: Int] { counts["\(decision)|\(variant)"] = count }
            fallbacks[decision] = entry["fallbacks"] as? Int
        }
        var expected: [String: Int] = [:], expectedFallbacks: [String: Int] = [:]
        for (key, count) in try reference.decisionCounts() {
            let parts = key.split(separator: "|")
            expected["\(parts[0])|\(parts[1])", default: 0] += count
            expectedFallbacks[String(parts[0]), default: 0] += parts[2] == "true" ? count : 0
        }
        #expect(!expected.isEmpty)
        #expect(counts == expected)
        #expect(fallbacks == expectedFallbacks)
        #expect(report["devices"] as? Int == 9)
    }
}
