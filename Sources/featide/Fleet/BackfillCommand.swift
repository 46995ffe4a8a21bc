import ArgumentParser
import Foundation

/// `featide backfill PROJECT --events PATH... --at LABELS.jsonl --out OUT`: each label row
/// with the chosen features' values for its device as the device engine answered at its `ts`.
struct BackfillCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Point-in-time feature values for label rows of many devices, on Ray.",
        discussion: """
            Fleet event files are JSON Lines events with a "device" field; label rows are
            {"device", "ts", ...}. OUT is Parquet (.parquet) or JSON Lines (.jsonl): each label
            row plus one column per feature, in the labels' order.
            """)

    @Argument var project: String
    @Option(parsing: .upToNextOption, help: "Fleet event files (JSON Lines with \"device\").") var events: [String]
    @Option(help: "Label rows (JSON Lines with \"device\" and \"ts\").") var at: String
    @Option(help: "Output file: .parquet or .jsonl.") var out: String
    @Option(help: "Comma-separated features (default: all).") var features: String?
    @OptionGroup var rayOptions: RayOptions

    func run() throws {
        let loaded = try loadValidProject(project)
        let selected = try FeatureSelection.parse(features, in: loaded, defaultAll: true)
        guard out.hasSuffix(".parquet") || out.hasSuffix(".jsonl") else {
            throw ValidationError("--out must end in .parquet or .jsonl")
        }
        for file in events + [at] where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
        // Bad label rows are named here, by the user's file and line, not by a shard's part of it.
        _ = try LabelRow.readAll(at, features: selected)
        var arguments = ["--project", RayDriver.absolute(project), "--at", RayDriver.absolute(at), "--out", RayDriver.absolute(out),
                         "--events"] + events.map(RayDriver.absolute)
        if let features { arguments += ["--features", features] }
        try RayDriver.run("backfill", arguments + rayOptions.driverArguments)
    }
}
