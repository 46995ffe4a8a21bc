import Engine
import Foundation

/// Fleet simulation of one partition: every device with a fleet profile replays its events,
/// in the order recorded, through the full engine (patterns, decisions, scripts — each device
/// its own pipeline and script workers, as on the device), then the clock runs to its last
/// event as `featide run` does; its actions, breakers and feature values are summed up.
struct SimulateShard {
    let project: Project
    let fleet: FleetSpec
    let consumed: Set<String>
    /// Features whose values on each device are reported (decision inputs and any asked for).
    let reported: [String]
    let partition: Int

    init(project: Project, fleet: FleetSpec, extraFeatures: [String], partition: Int) {
        self.project = project
        self.fleet = fleet
        consumed = project.consumedFeatures(extra: extraFeatures)
        reported = consumed.sorted()
        self.partition = partition
    }

    func run(events: DeviceEventTable) throws -> SimulationSummary {
        var summary = SimulationSummary()
        summary.eventsMalformed = events.rejected
        let devices = events.devices.compactMap { id in fleet.profile(for: id) }
        summary.devicesNotInFleet = events.devices.count - devices.count
        var progress = ShardProgress(devicesTotal: devices.count)
        for profile in devices {
            ShardFailureInjection.dieIfAsked(partition: partition, devicesDone: progress.devicesDone,
                                             devicesTotal: devices.count)
            try simulate(profile, events, into: &summary)
            progress.deviceDone(events: events.entries[profile.id]?.count ?? 0)
        }
        return summary
    }

    private func simulate(_ profile: DeviceProfile, _ events: DeviceEventTable, into summary: inout SimulationSummary) throws {
        let pipeline: EnginePipeline
        do { pipeline = try EnginePipeline(project: project, consumed: consumed, device: profile, input: fleet.input) } catch {
            throw FleetError("\(error)")
        }
        var acted: Set<String> = []
        var actions: [String: Int] = [:]
        pipeline.onDecision = { record in
            let variant = record.variant ?? "-"
            let band = SimulationSummary.rolloutBand(device: profile.id, decision: record.decision)
            actions["\(record.decision)|\(variant)|\(band)|\(record.action.rawValue)|\(record.usedFallback)", default: 0] += 1
            acted.insert("\(record.decision)|\(variant)")
        }
        var last: Int64?
        let start = ContinuousClock.now
        events.forEachEvent(of: profile.id, { event in
            last = max(last ?? event.ts, event.ts)
            pipeline.submit(event)
        }, rejected: { pipeline.recordMalformed($0, source: "simulate") })
        let end = last ?? 0
        pipeline.advance(to: end)
        let elapsed = ContinuousClock.now - start
        summary.engineNanoseconds += UInt64(elapsed.components.seconds) * 1_000_000_000
            + UInt64(elapsed.components.attoseconds / 1_000_000_000)

        summary.devices += 1
        summary.events += pipeline.metrics.eventsIn
        summary.eventsLate += pipeline.metrics.eventsLate
        summary.eventsMalformed += pipeline.metrics.eventsMalformed
        summary.actions.merge(actions, uniquingKeysWith: +)
        for key in acted { summary.devicesActed[key, default: 0] += 1 }
        for decision in project.decisions where pipeline.isDecisionDisabled(decision.name) {
            summary.breakersOpen[decision.name, default: 0] += 1
        }
        let metrics = pipeline.decisionMetrics
        summary.triggered += metrics.triggered
        summary.scriptFailures += metrics.scriptFailures
        summary.skippedByBreaker += metrics.skippedByBreaker
        for name in reported {
            switch pipeline.value(of: name, at: end) {
            case .int(let n): summary.featureValues[name, default: []].append(Double(n))
            case .uint(let n): summary.featureValues[name, default: []].append(Double(n))
            case .double(let d) where d.isFinite: summary.featureValues[name, default: []].append(d)
            case .string(let text): summary.featureTexts[name, default: [:]][text, default: 0] += 1
            default: summary.featureOther[name, default: 0] += 1
            }
        }
    }
}
