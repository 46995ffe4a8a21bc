import ArgumentParser
import Engine

/// `featide check [PROJECT]`: load and type-check everything, print diagnostics, exit 1 on any error.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Load and type-check a project; print every error and warning as file:line:col.")

    @Argument(help: "The project folder (default: the current folder).")
    var project: String = "."

    func run() throws {
        let result = ProjectLoader.load(root: project)
        for diagnostic in result.diagnostics { print(diagnostic) }
        let errors = result.diagnostics.errors.count
        let warnings = result.diagnostics.warnings.count
        if errors > 0 {
            print("\(errors) \(plural(errors, "error")), \(warnings) \(plural(warnings, "warning"))")
            throw ExitCode(1)
        }
        let p = result.project
        print("\(p.manifest.name) \(p.manifest.version): ok — \(p.features.count) \(plural(p.features.count, "feature")), "
            + "\(p.patterns.count) \(plural(p.patterns.count, "pattern")), \(p.decisions.count) \(plural(p.decisions.count, "decision")), "
            + "\(p.scenarios.count) \(plural(p.scenarios.count, "scenario")), \(warnings) \(plural(warnings, "warning"))")
    }
}

func plural(_ n: Int, _ word: String) -> String { n == 1 ? word : word + "s" }
