import ArgumentParser
import Engine
import Foundation

/// `bench e2e`: the user's path. Writes a seeded recording and a project with features over
/// every operator and window kind, then runs `featide run` as a subprocess (decode and output
/// included) beside the plain Python reference (bench/e2e_reference.py) over the same file,
/// and compares every feature's final value. Exits 1 when a value differs.
struct BenchE2E: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Time `featide run` over a recorded file against a plain Python reference; check every value agrees.")

    @Option(help: "Events in the recording.") var events = 1_000_000
    @Option(help: "Seed of the recording.") var seed: UInt64 = 13
    @Option(help: "Runs of each side; times are reported as best and worst.") var runs = 1
    @Option(help: ArgumentHelp("Keep the project, recording and outputs in this folder (default: a temporary one, removed after).",
                               valueName: "dir")) var out: String?
    @Option(help: "The featide executable to time (default: this one).") var featide: String?
    @Option(help: "The Python interpreter for the reference.") var python = "python3"
    @Flag(help: "Only write the project and recording (into --out), run nothing.") var writeOnly = false
    /// Changes one feature on featide's side only, to show that a differing value is caught.
    @Option(help: .hidden) var perturb: String?

    static let scenarioStart: Int64 = 1_795_255_200_000  // 2026-11-21T10:00:00Z
    static let lateness: Int64 = 5_000
    static let sessionGap: Int64 = 30 * 60_000

    func validate() throws {
        guard events > 0 else { throw ValidationError("--events must be at least 1") }
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        if writeOnly, out == nil { throw ValidationError("--write-only needs --out DIR") }
        if let perturb, !BenchE2EFeatures.names.contains(perturb) {
            throw ValidationError("--perturb: no feature \(perturb)")
        }
    }

    func run() throws {
        let folder = out.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("featide-e2e-\(UUID().uuidString)")
        defer { if out == nil { try? FileManager.default.removeItem(at: folder) } }
        let project = folder.appendingPathComponent("project")
        let recording = project.appendingPathComponent("mocks/recorded/events.jsonl").path
        let spec = folder.appendingPathComponent("reference-spec.json")
        try writeProject(project)
        try BenchE2EFeatures.pythonSpec().write(to: spec)
        let lines = try BenchE2ERecording.write(count: events, seed: seed, to: recording)
        let bytes = (try FileManager.default.attributesOfItem(atPath: recording)[.size] as? Int) ?? 0
        let features = BenchE2EFeatures.all
        print("recording: \(lines) events, \(bytes / 1_000_000) MB (seed \(seed)); \(features.count) features, "
              + "\(Set(features.map(\.agg)).count) operators, every window kind, all consumed")
        if writeOnly {
            print("wrote \(project.path) (scenario replay) and \(recording)")
            return
        }

        let featideOut = folder.appendingPathComponent("featide-out.jsonl").path
        let referenceOut = folder.appendingPathComponent("reference-out.json").path
        let executable = featide ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var featideRuns: [MeasuredChild] = [], referenceRuns: [MeasuredChild] = []
        for _ in 0..<runs {
            featideRuns.append(try measure([executable, "run", project.path, "--scenario", "replay"],
                                           stdout: featideOut, stderr: featideOut + ".err", label: "featide run"))
            referenceRuns.append(try measure([python, Self.referenceScript, spec.path, recording, String(Self.scenarioStart),
                                              String(Self.lateness), String(Self.sessionGap)],
                                             stdout: referenceOut, stderr: referenceOut + ".err", label: "python reference"))
        }
        report("featide run (subprocess)", featideRuns, lines: lines, bytes: bytes)
        report("plain Python reference", referenceRuns, lines: lines, bytes: bytes)
        let ratio = referenceRuns.map(\.wallSeconds).min()! / featideRuns.map(\.wallSeconds).min()!
        let cpuRatio = referenceRuns.map(\.cpuSeconds).min()! / featideRuns.map(\.cpuSeconds).min()!
        print(String(format: "featide is %.1f× faster than the Python reference end to end (best wall times; %.1f× by CPU time)",
                     ratio, cpuRatio))
        try compare(featideOut: featideOut, referenceOut: referenceOut)
    }

    private func measure(_ argv: [String], stdout: String, stderr: String, label: String) throws -> MeasuredChild {
        let child = try MeasuredChild.run(argv, stdout: stdout, stderr: stderr)
        guard child.succeeded else {
            let message = (try? String(contentsOfFile: stderr, encoding: .utf8)) ?? ""
            printError("\(label) failed with status \(child.status): \(message.suffix(2_000))")
            throw ExitCode(1)
        }
        return child
    }

    private func report(_ label: String, _ runs: [MeasuredChild], lines: Int, bytes: Int) {
        func range(_ values: [Double], _ format: String) -> String {
            let low = values.min()!, high = values.max()!
            return runs.count == 1 ? String(format: format, low) : String(format: format + "–" + format, low, high)
        }
        let walls = runs.map(\.wallSeconds)
        print("\(label): wall \(range(walls, "%.2f")) s, CPU \(range(runs.map(\.cpuSeconds), "%.2f")) s, "
              + "peak RSS \(range(runs.map(\.peakRSSMegabytes), "%.0f")) MB, "
              + "\(range(walls.map { Double(lines) / $0 / 1e6 }, "%.2f")) M events/s, "
              + "\(range(walls.map { Double(bytes) / $0 / 1e6 }, "%.0f")) MB/s")
    }

    private func compare(featideOut: String, referenceOut: String) throws {
        let output = try String(contentsOfFile: featideOut, encoding: .utf8)
        let lines = output.split(separator: "\n")
        guard let record = lines.last(where: { $0.hasPrefix(#"{"record":"features""#) }),
              case .map(let featideRecord)? = JSONToCEL.value(String(record)),
              case .map(let featideValues)? = featideRecord[string: "values"]
        else {
            printError("featide run printed no features record (\(featideOut))")
            throw ExitCode(1)
        }
        let featideLate = lines.filter { $0.contains("late event dropped") }.count
        guard case .map(let reference)? = JSONToCEL.value(try String(contentsOfFile: referenceOut, encoding: .utf8)
                  .trimmingCharacters(in: .whitespacesAndNewlines)),
              case .map(let referenceValues)? = reference[string: "values"]
        else {
            printError("the Python reference printed no values (\(referenceOut))")
            throw ExitCode(1)
        }
        var problems = BenchE2EComparison.disagreements(
            names: BenchE2EFeatures.names, featide: featideValues, reference: referenceValues
        ).map { "\($0.feature): featide \($0.featide), reference \($0.reference)" }
        if featideRecord[string: "ts"].map({ BenchE2EComparison.agree($0, reference[string: "ts"] ?? .null) }) != true {
            problems.append("query time: featide \(PlainJSON.text(featideRecord[string: "ts"] ?? .null)), "
                            + "reference \(PlainJSON.text(reference[string: "ts"] ?? .null))")
        }
        if case .int(let late)? = reference[string: "late"], late != featideLate {
            problems.append("late events dropped: featide \(featideLate), reference \(late)")
        }
        guard problems.isEmpty else {
            print("values DIFFER in \(problems.count) of \(BenchE2EFeatures.names.count + 2) checks:")
            for problem in problems { print("  \(problem)") }
            throw ExitCode(1)
        }
        print("values: all \(BenchE2EFeatures.names.count) features agree (integers, strings and keys exactly, "
              + "doubles within \(BenchE2EComparison.tolerance) relative); both dropped \(featideLate) late events")
    }

    private func writeProject(_ folder: URL) throws {
        let manager = FileManager.default
        try? manager.removeItem(at: folder)
        try manager.createDirectory(at: folder.appendingPathComponent("features"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent("mocks/recorded"), withIntermediateDirectories: true)
        try "kind: project\nname: e2e_bench\nversion: 1.0.0\nallowed_lateness: \(Self.lateness)ms\nsession_gap: 30m\n"
            .write(to: folder.appendingPathComponent("featide.yaml"), atomically: true, encoding: .utf8)
        try BenchE2EFeatures.yaml(perturb: perturb)
            .write(to: folder.appendingPathComponent("features/all.yaml"), atomically: true, encoding: .utf8)
        // Every feature is consumed: an expectation names it (`run` prints them all at the end).
        var scenario = "kind: scenario\nname: replay\nstart: 2026-11-21T10:00:00Z\nevents:\n  - {file: recorded/events.jsonl}\nexpect:\n"
        for name in BenchE2EFeatures.names { scenario += "  - {at: 0s, feature: \(name), null: true}\n" }
        try scenario.write(to: folder.appendingPathComponent("mocks/replay.yaml"), atomically: true, encoding: .utf8)
    }

    static var referenceScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("bench/e2e_reference.py").path
    }
}
