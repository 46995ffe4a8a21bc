import ArgumentParser
import Engine
import Foundation

/// `bench aggregate`: shared-state update throughput, feature query latency and the memory
/// of a sliding window at steady state.
struct BenchAggregate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Measure aggregation throughput, query latency and steady-state memory.")

    @Option(help: "Events for the throughput run.") var events = 2_000_000
    @Option(help: "Queries per feature for the latency run.") var queries = 2_000
    @Flag(help: "Skip the 1M/10M-event memory run.") var skipMemory = false

    func run() {
        print("values are pre-evaluated: this measures the shared states alone (`bench pipeline` adds CEL and the tree)")
        let workload = BenchAggregationWorkload()
        print("plan: \(workload.plan.bindings.count) features over \(workload.plan.states.count) shared states")
        let stream = BenchEventStream(count: events)
        let cpuStart = threadCPUSeconds()
        let elapsed = ContinuousClock().measure { workload.feed(stream, range: 0..<stream.count) }
        let cpu = threadCPUSeconds() - cpuStart
        print("\(stream.count) events, \(workload.updates) state updates, one core")
        print(String(format: "aggregation throughput: %.2f M events/s by CPU time, %.2f M events/s by wall time",
                     Double(stream.count) / cpu / 1e6, Double(stream.count) / elapsed.seconds / 1e6))
        latency(workload, stream: stream, touching: false)
        latency(workload, stream: stream, touching: true)
        if !skipMemory { memory() }
    }

    /// Query latency per operator group; with `touching`, every state gets an event before
    /// each round, so no reader answers from its cache.
    private func latency(_ workload: BenchAggregationWorkload, stream: BenchEventStream, touching: Bool) {
        print(touching ? "-- each query right after an update of its state:" : "-- repeated queries, no update in between:")
        let clock = ContinuousClock()
        var byGroup: [String: [Duration]] = [:]
        var t = stream.ts[stream.count - 1] + (touching ? 1_000_000 : 0)
        for round in 0..<queries {
            t += 1
            if touching { workload.touchAllStates(stream, row: round % stream.count, ts: t) }
            for binding in workload.plan.bindings.values {
                let state = workload.states[binding.state]
                let started = clock.now
                let value = state.query(binding, at: t, position: workload.position)
                let took = clock.now - started
                withExtendedLifetime(value) {}
                let group = state.isGrouped ? "grouped (map of all keys)" : Self.latencyGroup(binding.op)
                byGroup[group, default: []].append(took)
                byGroup["all ungrouped", default: []].append(state.isGrouped ? .zero : took)
                if state.isGrouped {
                    let key = stream.item[round % stream.count]
                    let keyStarted = clock.now
                    let keyValue = state.query(binding, key: key, at: t, position: workload.position)
                    byGroup["grouped, one key", default: []].append(clock.now - keyStarted)
                    withExtendedLifetime(keyValue) {}
                }
            }
        }
        byGroup["all ungrouped"]!.removeAll { $0 == .zero }
        for group in byGroup.keys.sorted() {
            let sorted = byGroup[group]!.sorted()
            let p = { (q: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))].seconds * 1e9 }
            let label = group.padding(toLength: 40, withPad: " ", startingAt: 0)
            print("query latency \(label)" + String(format: "p50 %8.0f ns  p99 %9.0f ns  (%d queries)", p(0.5), p(0.99), sorted.count))
        }
    }

    static func latencyGroup(_ op: AggregationOperator) -> String {
        switch op {
        case .count, .sum, .avg, .stddev, .min, .max, .first, .last: "scalar ops (count sum avg min max ...)"
        case .firstK, .lastK: "first_k/last_k"
        case .distinctCount, .histogram, .topK, .percentile: "value-count ops (histogram top_k ...)"
        }
    }

    /// A 10-minute sliding count/sum/avg fed at 100 events/s: the window holds 60 000 events,
    /// so resident memory must not grow between 1M and 10M events.
    private func memory() {
        var bindings: [String: FeatureBinding] = [:]
        let statePlan = BenchAggregationWorkload.statePlan(
            ["click"], .sliding(TimeSpan(milliseconds: 600_000)), groupBy: nil,
            [("count", .count, nil), ("sum", .sum, "price"), ("avg", .avg, "price")], index: 0, bindings: &bindings)
        let state = SharedAggregationState(plan: statePlan)
        var values: [CELValue] = [.null]
        var random = SeededRandom(seed: 7)
        var ts: Int64 = 1_732_183_200_000
        for total in 1...10_000_000 {
            ts += 10
            values[0] = .double(Double(random.next() % 10_000) / 100)
            state.add(ts: ts, values: values, groupKey: nil, position: TreePosition())
            if total == 1_000_000 || total == 10_000_000 {
                guard case .int(let count) = state.query(bindings["count"]!, at: ts, position: TreePosition()) else { return }
                print("resident memory after \(total / 1_000_000)M events (10m sliding count/sum/avg, window holds \(count)): \(Self.residentMegabytes()) MB")
            }
        }
        print("memory bound: \(state.memoryBound)")
    }

    static func residentMegabytes() -> String {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return "unknown" }
        return String(format: "%.1f", Double(pages * Int(sysconf(Int32(_SC_PAGESIZE)))) / 1e6)
    }
}
