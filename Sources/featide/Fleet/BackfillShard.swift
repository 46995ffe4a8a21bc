import Engine
import Foundation

/// Backfill of one partition: each device with label rows runs its events, in the order
/// recorded, through its own `EnginePipeline`, and each label row is answered with
/// `value(of:at: ts)` just before the first event later than `ts` is submitted — exactly
/// when `featide run` reads a feature expectation at that time — so no later event leaks in.
struct BackfillShard {
    /// The project without decisions and patterns: neither feeds a feature's value.
    let project: Project
    let features: [String]
    let consumed: Set<String>
    let partition: Int

    init(project full: Project, features: [String], partition: Int) {
        var project = full
        project.decisions = []
        project.patterns = []
        self.project = project
        self.features = features
        consumed = project.consumedFeatures(extra: features)
        self.partition = partition
    }

    /// The output rows, in the order of `labels`.
    func run(events: DeviceEventTable, labels: [LabelRow]) throws -> [String] {
        var byDevice: [String: [LabelRow]] = [:]
        var devices: [String] = []
        for row in labels {
            if byDevice[row.device] == nil { devices.append(row.device) }
            byDevice[row.device, default: []].append(row)
        }
        var rows = [String?](repeating: nil, count: labels.count)
        var progress = ShardProgress(devicesTotal: devices.count)
        for device in devices {
            ShardFailureInjection.dieIfAsked(partition: partition, devicesDone: progress.devicesDone,
                                             devicesTotal: devices.count)
            let answers = try answer(byDevice[device]!, device: device, events: events)
            for (index, text) in answers { rows[index] = text }
            progress.deviceDone(events: events.entries[device]?.count ?? 0)
        }
        return rows.map { $0! }
    }

    private func answer(_ labels: [LabelRow], device: String, events: DeviceEventTable) throws -> [(Int, String)] {
        let profile = FleetDevice.defaultProfile(device, project.manifest.device)
        let pipeline: EnginePipeline
        do { pipeline = try EnginePipeline(project: project, consumed: consumed, device: profile) } catch {
            throw FleetError("\(error)")
        }
        // By time; rows at the same time in the order given.
        let pending = labels.sorted { ($0.ts, $0.index) < ($1.ts, $1.index) }
        var answers: [(Int, String)] = []
        var next = 0
        func answerRows(before limit: Int64?) {
            while next < pending.count, limit.map({ pending[next].ts < $0 }) ?? true {
                let row = pending[next]
                answers.append((row.index, row.output(features.map { ($0, pipeline.value(of: $0, at: row.ts)) })))
                next += 1
            }
        }
        events.forEachEvent(of: device, { event in
            answerRows(before: event.ts)
            pipeline.submit(event)
        }, rejected: { pipeline.recordMalformed($0, source: "backfill") })
        answerRows(before: nil)
        return answers
    }
}

enum FleetDevice {
    /// A device with no profile of its own runs as the project's device under its own id.
    static func defaultProfile(_ id: String, _ base: DeviceProfile) -> DeviceProfile {
        var fields = base.fields
        fields[.string("id")] = .string(id)
        return DeviceProfile(id: id, fields: fields)
    }
}
