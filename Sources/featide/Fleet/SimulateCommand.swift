import ArgumentParser
import Foundation

/// `featide simulate PROJECT --events PATH... --fleet FLEET.yaml`: every device of the fleet
/// replays its events through the full engine; prints what a gray release would do.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Replay a fleet's recorded events through the full engine, on Ray; report decisions per variant and rollout band.")

    @Argument var project: String
    @Option(parsing: .upToNextOption, help: "Fleet event files (JSON Lines with \"device\").") var events: [String]
    @Option(help: "The fleet: listed device profiles and/or a seeded distribution.") var fleet: String
    @Option(help: "Comma-separated features whose distributions to report besides decision inputs.") var features: String?
    @Option(help: "Also write the report as JSON here.") var json: String?
    @OptionGroup var rayOptions: RayOptions

    func run() throws {
        let loaded = try loadValidProject(project)
        _ = try FeatureSelection.parse(features, in: loaded, defaultAll: false)
        _ = try FleetSpec.load(fleet)
        for file in events where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("cannot read \(file)")
        }
        var arguments = ["--project", RayDriver.absolute(project), "--fleet", RayDriver.absolute(fleet),
                         "--events"] + events.map(RayDriver.absolute)
        if let features { arguments += ["--features", features] }
        if let json { arguments += ["--json", RayDriver.absolute(json)] }
        try RayDriver.run("simulate", arguments + rayOptions.driverArguments)
    }
}
