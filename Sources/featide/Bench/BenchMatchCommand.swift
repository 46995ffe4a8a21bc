import ArgumentParser
import Engine
import Foundation

/// `bench match`: pattern matching throughput over pre-decoded events, and what the partial
/// matches hold at the end.
struct BenchMatch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Measure pattern matching throughput and the partial matches alive at the end.")

    @Option(help: "Events per run.") var events = 1_000_000
    @Flag(help: "Also print each pattern's matches and partial matches.") var verbose = false
    @Flag(help: "Only the app's skewed mix (skip the uniform worst case).") var skewedOnly = false
    @Option(help: "Only this one of the 20 patterns (e.g. pricier_view_1), to profile it.") var pattern: String?

    func run() throws {
        let alone = try pattern.map(BenchMatchPatterns.named)  // an unknown name fails before any work
        for skewed in skewedOnly ? [true] : [true, false] {
            let stream = BenchMatchStream(count: events, skewed: skewed)
            print("== \(stream.events.count) pre-decoded events of \(BenchMatchStream.weights.count) types, "
                + (skewed ? "an app's mix (scroll 26%, view 18%, ... purchase 0.5%)" : "all types equally likely (worst case)")
                + ", one core")
            if let pattern, let alone {
                try measure("\(pattern) alone", [alone], stream, goal: nil)
                continue
            }
            try measure("20 patterns, mixed contiguity and quantifiers", BenchMatchPatterns.mixed, stream, goal: 1)
            try measure("3-step relaxed pattern alone", BenchMatchPatterns.relaxed3, stream, goal: 5)
            if verbose { try each(stream) }
        }
    }

    private func each(_ stream: BenchMatchStream) throws {
        print("-- each of the 20 alone:")
        for pattern in BenchMatchPatterns.mixed {
            let project = try BenchMatchPatterns.load([pattern])
            let matchers = try PatternMatchers(project: project, device: project.manifest.device)
            let cpuStart = threadCPUSeconds()
            for event in stream.events { matchers.process(event) { _ in } }
            let cpu = threadCPUSeconds() - cpuStart
            print(String(format: "  %-32@ %6.2f M events/s, %.0f ns per event", project.patterns[0].name as NSString,
                         Double(stream.events.count) / cpu / 1e6, cpu / Double(stream.events.count) * 1e9))
        }
    }

    private func measure(_ title: String, _ patterns: [String], _ stream: BenchMatchStream, goal: Double?) throws {
        let project = try BenchMatchPatterns.load(patterns)
        let matchers = try PatternMatchers(project: project, device: project.manifest.device)
        var matches = 0, timedOut = 0
        let cpuStart = threadCPUSeconds()
        let elapsed = ContinuousClock().measure {
            for event in stream.events {
                matchers.process(event) { match in if match.timedOut { timedOut += 1 } else { matches += 1 } }
            }
        }
        let cpu = threadCPUSeconds() - cpuStart
        print("-- \(title) (\(project.patterns.count) patterns):")
        print(String(format: "throughput: %.2f M events/s by CPU time, %.2f M events/s by wall time",
                     Double(stream.events.count) / cpu / 1e6, Double(stream.events.count) / elapsed.seconds / 1e6)
            + (goal.map { String(format: " (goal %.0f M)", $0) } ?? ""))
        let live = matchers.matchers.reduce(0) { $0 + $1.livePartialMatches }
        let bytes = matchers.bytesHeld
        let buffered = matchers.matchers.reduce(0) { $0 + $1.bufferedEvents }
        let dropped = matchers.matchers.reduce(0) { $0 + $1.stats.dropped }
        print("matches: \(matches); partial matches alive at the end: \(live) holding \(buffered) events, "
            + "\(bytes) bytes; dropped by the bound: \(dropped)")
        guard verbose else { return }
        for matcher in matchers.matchers {
            print("  \(matcher.name): \(matcher.stats.matches) matches, \(matcher.stats.timedOut) timed out, "
                + "\(matcher.stats.skipped) skipped, \(matcher.livePartialMatches) alive")
        }
    }
}
