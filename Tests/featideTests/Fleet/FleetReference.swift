import Engine
import Foundation
import Mock

/// The reference the fleet commands are held to: each device alone, through `featide run`'s
/// scenario runner — a scenario per device replaying its own recording (no `device` field)
/// as that device, with a feature expectation at every label time, whose actual values and
/// decision records are read back. No fleet code is involved.
struct FleetReference {
    let root: String
    let project: Project

    /// A copy of the fleet's shopping project with one scenario per device.
    init(_ fixture: FleetFixture, profiles: [String: String], features: [String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-fleet-ref-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: FleetProject.path, toPath: root)
        try FileManager.default.createDirectory(atPath: root + "/mocks/fleet_ref", withIntermediateDirectories: true)
        for device in fixture.devices {
            try (device.events.map(\.json).joined(separator: "\n") + "\n")
                .write(toFile: "\(root)/mocks/fleet_ref/\(device.id).jsonl", atomically: true, encoding: .utf8)
            let start = Date(timeIntervalSince1970: Double(device.firstTs) / 1000)
            var yaml = """
                kind: scenario
                name: ref_\(device.id)
                start: \(ISO8601DateFormatter().string(from: start))
                device: \(profiles[device.id]!)
                input: {coupon_pool: [C5, C10]}
                events:
                  - {file: fleet_ref/\(device.id).jsonl}
                expect:\(device.labels.isEmpty || features.isEmpty ? " []" : "")

                """
            for ts in device.labels where !features.isEmpty {
                for feature in features { yaml += "  - {at: \(ts - device.firstTs)ms, feature: \(feature), null: true}\n" }
            }
            try yaml.write(toFile: "\(root)/mocks/ref_\(device.id).yaml", atomically: true, encoding: .utf8)
        }
        let loaded = ProjectLoader.load(root: root)
        guard !loaded.hasErrors else { throw FleetError(loaded.diagnostics.errors.map(\.description).joined(separator: "\n")) }
        project = loaded.project
    }

    /// Device → label time → feature → the value's JSON text, as each expectation saw it.
    func featureValues() throws -> [String: [Int64: [String: String]]] {
        var values: [String: [Int64: [String: String]]] = [:]
        for scenario in project.scenarios where scenario.name.hasPrefix("ref_") {
            let device = String(scenario.name.dropFirst(4))
            let run = try ScenarioRunner.run(scenario, in: project)
            for outcome in run.outcomes {
                guard case .feature(let ref, _, let at, _) = outcome.expectation.kind else { continue }
                values[device, default: [:]][scenario.start + at.milliseconds, default: [:]][ref.name] = outcome.actual
            }
        }
        return values
    }

    /// "decision|variant|fallback" → actions, over every device.
    func decisionCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for scenario in project.scenarios where scenario.name.hasPrefix("ref_") {
            for case .decision(let record) in try ScenarioRunner.run(scenario, in: project).records {
                counts["\(record.decision)|\(record.variant ?? "-")|\(record.usedFallback)", default: 0] += 1
            }
        }
        return counts
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    /// The device profile `featide backfill` gives a device: the project's, under the device's id.
    static func defaultProfile(_ id: String) -> String {
        "{id: \(id), model: Pixel8, os: android, os_version: \"14\", app_version: 10.3.0, segment: new}"
    }
}

struct FleetError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
