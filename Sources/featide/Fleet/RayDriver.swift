import ArgumentParser
import Foundation

/// Starts the Python driver (`python -m featide_ray`, from the repository's `python/`
/// folder, in the venv `scripts/setup` makes at `.venv-ray/`) and waits for it; its output
/// and exit status are the command's. The driver runs `featide shard` tasks with this binary.
enum RayDriver {
    struct Location {
        var packageFolder: String
        var python: String
    }

    /// The nearest folder above this executable holding `python/featide_ray` (a checkout);
    /// `FEATIDE_RAY_PYTHON` names another interpreter.
    static func locate() throws -> Location {
        var folder = FeatideExecutable.url.deletingLastPathComponent()
        while folder.path != "/" {
            let package = folder.appendingPathComponent("python")
            if FileManager.default.fileExists(atPath: package.appendingPathComponent("featide_ray/__init__.py").path) {
                let python = ProcessInfo.processInfo.environment["FEATIDE_RAY_PYTHON"]
                    ?? folder.appendingPathComponent(".venv-ray/bin/python").path
                guard FileManager.default.isExecutableFile(atPath: python) else {
                    printError("error: no Python with Ray at \(python); run scripts/setup (it makes .venv-ray with ray and pyarrow)")
                    throw ExitCode(1)
                }
                return Location(packageFolder: package.path, python: python)
            }
            folder = folder.deletingLastPathComponent()
        }
        printError("error: python/featide_ray not found above \(FeatideExecutable.url.path); run featide from its checkout")
        throw ExitCode(1)
    }

    static func run(_ command: String, _ arguments: [String]) throws {
        let location = try locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: location.python)
        process.arguments = ["-m", "featide_ray", command, "--featide", FeatideExecutable.url.path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = [location.packageFolder, environment["PYTHONPATH"]].compactMap { $0 }.joined(separator: ":")
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardized.path
    }
}

/// Options both fleet commands pass to the driver.
struct RayOptions: ParsableArguments {
    @Option(help: "Address of a running Ray cluster (default: start Ray on this machine).") var ray: String?
    @Option(help: "Tasks at once (default: every CPU Ray has).") var workers: Int?
    @Option(help: "Partitions of the devices (default: 4 per worker).") var partitions: Int?
    @Flag(help: "Run the partitions one after another in this process's children, without Ray.") var noRay = false

    var driverArguments: [String] {
        var arguments: [String] = []
        if let ray { arguments += ["--ray", ray] }
        if let workers { arguments += ["--workers", String(workers)] }
        if let partitions { arguments += ["--partitions", String(partitions)] }
        if noRay { arguments.append("--no-ray") }
        return arguments
    }
}
