import ArgumentParser
import Engine
import Foundation

/// `bench pipeline`: the real pipeline (CEL `where`/`value`, behaviour tree, shared states)
/// over pre-decoded events, beside a plain Python implementation of the same 50 features
/// whose results must agree.
struct BenchPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Measure pipeline throughput (50 features, 10 shared states) against plain Python.")

    @Option(help: "Events to feed.") var events = 1_000_000
    @Flag(help: "Skip the Python reference.") var noPython = false

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("featide-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try BenchPipelineWorkload.writeProject(to: folder.appendingPathComponent("project"))
        let loaded = ProjectLoader.load(root: folder.appendingPathComponent("project").path)
        guard !loaded.hasErrors else {
            loaded.diagnostics.forEach { printError($0.description) }
            throw ExitCode(1)
        }
        let names = BenchPipelineWorkload.featureNames
        let pipeline = try EnginePipeline(project: loaded.project, consumed: Set(names))
        print("plan: \(pipeline.plan.bindings.count) features over \(pipeline.plan.states.count) shared states")

        let stream = BenchPipelineWorkload.events(count: events)
        let cpuStart = threadCPUSeconds()
        let wall = ContinuousClock().measure { for event in stream { pipeline.submit(event) } }
        let cpu = threadCPUSeconds() - cpuStart
        let end = stream.last!.ts
        let values = names.map { pipeline.value(of: $0, at: end) }
        let updates = pipeline.metrics.stateUpdates.reduce(0, +)
        print("\(stream.count) events, \(updates) state updates (CEL where/value evaluated, tree standardised), one core")
        let engineRate = Double(stream.count) / cpu
        print(String(format: "pipeline throughput: %.2f M events/s by CPU time (%.0f ns/event), %.2f M events/s by wall time",
                     engineRate / 1e6, cpu / Double(stream.count) * 1e9, Double(stream.count) / wall.seconds / 1e6))
        if noPython { return }

        let eventsFile = folder.appendingPathComponent("events.jsonl")
        let specFile = folder.appendingPathComponent("spec.json")
        try BenchPipelineWorkload.jsonLines(stream).write(to: eventsFile, atomically: true, encoding: .utf8)
        try BenchPipelineWorkload.pythonSpec().write(to: specFile)
        guard let reference = try pythonReference(events: eventsFile, spec: specFile, queryAt: end) else { return }
        let pythonRate = Double(stream.count) / reference.seconds
        print(String(format: "plain Python, same 50 features: %.2f M events/s (%.0f ns/event); featide is %.1f× faster",
                     pythonRate / 1e6, reference.seconds / Double(stream.count) * 1e9, engineRate / pythonRate))
        let disagreements = zip(names, values).filter { name, value in !Self.agree(value, reference.values[name]) }
        if disagreements.isEmpty {
            print("results: all \(names.count) feature values agree with the Python reference")
        } else {
            for (name, value) in disagreements {
                print("results DIFFER for \(name): featide \(PlainJSON.text(value)), python \(String(describing: reference.values[name] ?? "missing"))")
            }
            throw ExitCode(1)
        }
    }

    private func pythonReference(events: URL, spec: URL, queryAt: Int64) throws -> (seconds: Double, values: [String: Any])? {
        // This file is Sources/featide/Bench/…: the repository is four levels up.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/pipeline_reference.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, events.path, spec.path, String(queryAt)]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = object["seconds"] as? Double, let values = object["values"] as? [String: Any]
        else {
            print("python reference failed (status \(process.terminationStatus))")
            return nil
        }
        return (seconds, values)
    }

    /// Numbers agree within 1e-9 relative (sums are summed in different orders); others exactly.
    static func agree(_ value: CELValue, _ python: Any?) -> Bool {
        switch value {
        case .null: return python == nil || python is NSNull
        case .string(let s): return python as? String == s
        case .int, .uint, .double:
            guard let number = python as? NSNumber else { return false }
            let a = PlainJSON.text(value), expected = number.doubleValue
            let actual = Double(a) ?? .nan
            return abs(actual - expected) <= 1e-9 * max(1, abs(expected))
        default: return false
        }
    }
}
