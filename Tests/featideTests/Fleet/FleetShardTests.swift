import Foundation
import Testing

/// `featide shard run`, the task every Ray partition runs, against each device run alone
/// through `featide run`'s scenario runner (FleetReference). No Ray here: RayFleetTests
/// drives the same through `featide backfill` and `featide simulate`.
@Suite struct FleetShardTests {
    static let features = ["amount_by_category", "top_categories", "categories_seen", "home_click_amount_10m",
                           "home_click_count_10m", "avg_home_click_price_10m", "shopper_intent", "pages_this_session",
                           "clicks_this_hour", "first_page_today", "user_level", "max_expensive_10s", "price_p90",
                           "price_stddev_1h", "last_viewed_items"]
    static var project: String { FleetProject.path }

    @Test func backfillEqualsEachDeviceRunAlone() throws {
        let fixture = FleetFixture.make(devices: 8, events: 120, labels: 6, seed: 15)
        let reference = try FleetReference(fixture, profiles: Dictionary(uniqueKeysWithValues: fixture.devices.map {
            ($0.id, FleetReference.defaultProfile($0.id))
        }), features: Self.features)
        defer { reference.remove() }
        let rows = try backfill(fixture, labels: fixture.labelRows)
        #expect(rows.count == 8 * 6)
        let problems = try FleetRun.mismatches(rows, try reference.featureValues(), features: Self.features)
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    /// An event 1 ms after a label's time changes nothing in that row, and is in the row 1 ms later.
    @Test func aLaterEventDoesNotLeakIntoARow() throws {
        let fixture = FleetFixture.make(devices: 3, events: 60, labels: 3, seed: 16)
        var labels = "", withLater = fixture
        for (d, device) in fixture.devices.enumerated() {
            let ts = device.labels[0]
            labels += "{\"device\":\"\(device.id)\",\"ts\":\(ts)}\n{\"device\":\"\(device.id)\",\"ts\":\(ts + 1)}\n"
            withLater = withLater.insert("{\"ts\":\(ts + 1),\"type\":\"click\",\"page\":\"home\",\"params\":{\"price\":50.0,\"category\":\"toys\"}}",
                                         ts: ts, into: d)
        }
        let before = try backfill(fixture, labels: labels, features: "clicks_this_hour,home_click_amount_10m")
        let after = try backfill(withLater, labels: labels, features: "clicks_this_hour,home_click_amount_10m")
        for i in stride(from: 0, to: before.count, by: 2) {
            #expect(NSDictionary(dictionary: before[i]) == NSDictionary(dictionary: after[i]), "row \(i)")
            #expect((after[i + 1]["clicks_this_hour"] as! Int) == (before[i + 1]["clicks_this_hour"] as! Int) + 1)
        }
    }

    @Test func simulateCountsEqualTheSumOfEachDeviceRunAlone() throws {
        let fixture = FleetFixture.make(devices: 8, events: 120, labels: 1, seed: 17)
        let profiles = Self.profiles(fixture)
        let reference = try FleetReference(fixture, profiles: profiles, features: [])
        defer { reference.remove() }
        let folder = try FleetRun.folder()
        let events = try FleetRun.write(fixture.fleetEvents, folder + "/events.jsonl")
        let fleet = try FleetRun.write(Self.fleetFile(fixture, profiles), folder + "/fleet.yaml")
        let run = try FleetRun.run(["shard", "run", Self.project, "--mode", "simulate", "--events", events, "--fleet", fleet])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        var counts: [String: Int] = [:]
        for (key, count) in summary["actions"] as! [String: Int] {
            let parts = key.split(separator: "|")  // decision|variant|band|action|fallback
            counts["\(parts[0])|\(parts[1])|\(parts[4])", default: 0] += count
        }
        let expected = try reference.decisionCounts()
        #expect(!expected.isEmpty)
        #expect(counts == expected)
        #expect(summary["devices"] as? Int == 8)
    }

    static func profiles(_ fixture: FleetFixture) -> [String: String] {
        let systems = ["android", "ios", "harmony"]
        return Dictionary(uniqueKeysWithValues: fixture.devices.enumerated().map { i, device in
            (device.id, "{id: \(device.id), os: \(systems[i % 3]), app_version: 10.\(i % 2 + 2).0, segment: \(i % 2 == 0 ? "new" : "returning")}")
        })
    }

    static func fleetFile(_ fixture: FleetFixture, _ profiles: [String: String]) -> String {
        "input: {coupon_pool: [C5, C10]}\ndevices:\n" + fixture.devices.map { "  - \(profiles[$0.id]!)\n" }.joined()
    }

    private func backfill(_ fixture: FleetFixture, labels: String, features: String? = nil) throws -> [[String: Any]] {
        let folder = try FleetRun.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["shard", "run", Self.project, "--mode", "backfill",
                         "--events", try FleetRun.write(fixture.fleetEvents, folder + "/events.jsonl"),
                         "--labels", try FleetRun.write(labels, folder + "/labels.jsonl")]
        if let features { arguments += ["--features", features] }
        let run = try FleetRun.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        return try FleetRun.objects(run.stdout)
    }
}
