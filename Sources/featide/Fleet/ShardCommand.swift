import ArgumentParser
import Engine
import Foundation

/// `featide shard split|run`: the work of one Ray task (python/featide_ray), kept in the
/// same binary as the device engine so that every value comes from the same code. Not for
/// people: `featide backfill` and `featide simulate` run these.
struct ShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "One task of backfill or simulate (run by the Ray driver).",
        shouldDisplay: false,
        subcommands: [ShardSplitCommand.self, ShardRunCommand.self])
}

/// Deals fleet lines out to partition files by device hash; prints a JSON summary.
struct ShardSplitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "split", abstract: "Partition fleet files by device.")

    @Option var partitions: Int
    @Option(help: "Folder for part-K.jsonl files.") var out: String
    @Flag(help: "Also write assignments.bin (each line's partition); a line with no device is an error.")
    var assignments = false
    @Argument var files: [String]

    func run() throws {
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        let summary = try ShardSplit(partitions: partitions, outputFolder: out, writeAssignments: assignments).run(files: files)
        if assignments, summary.rejected > 0 { throw ExitCode(1) }
        print(String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
    }
}

/// Runs one partition: backfill rows (JSON Lines, in the labels' order) or a simulation
/// summary (one JSON object) on stdout; progress on stderr.
struct ShardRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run one partition's devices.")

    enum Mode: String, ExpressibleByArgument { case backfill, simulate }

    @Argument var project: String
    @Option var mode: Mode
    @Option(help: "This partition's number (messages, failure injection).") var partition = 0
    @Option(parsing: .upToNextOption) var events: [String] = []
    @Option(help: "Backfill: this partition's label rows.") var labels: String?
    @Option(help: "Comma-separated features (backfill: the columns; simulate: reported besides decision inputs).")
    var features: String?
    @Option(help: "Simulate: the fleet file.") var fleet: String?

    func run() throws {
        let loaded = try loadValidProject(project)
        let selected = try FeatureSelection.parse(features, in: loaded, defaultAll: mode == .backfill)
        let table = try DeviceEventTable(files: events)
        switch mode {
        case .backfill:
            guard let labels else { throw ValidationError("--labels is required with --mode backfill") }
            let rows = try LabelRow.readAll(labels, features: selected)
            let output = try BackfillShard(project: loaded, features: selected, partition: partition).run(events: table, labels: rows)
            var text = output.joined(separator: "\n")
            if !text.isEmpty { text += "\n" }
            FileHandle.standardOutput.write(Data(text.utf8))
        case .simulate:
            guard let fleet else { throw ValidationError("--fleet is required with --mode simulate") }
            let shard = SimulateShard(project: loaded, fleet: try FleetSpec.load(fleet), extraFeatures: selected, partition: partition)
            let summary = try shard.run(events: table)
            FileHandle.standardOutput.write(try JSONEncoder().encode(summary) + Data("\n".utf8))
        }
    }
}

/// `--features a,b`: names checked against the project.
enum FeatureSelection {
    static func parse(_ list: String?, in project: Project, defaultAll: Bool) throws -> [String] {
        guard let list, !list.isEmpty else { return defaultAll ? project.features.map(\.name) : [] }
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for name in names where project.feature(named: name) == nil {
            let known = project.features.map(\.name).sorted().joined(separator: ", ")
            throw ValidationError("no feature named '\(name)'; the project has: \(known)")
        }
        return names
    }
}
