import ArgumentParser
import Engine
import Foundation

/// Loads a project for a command that needs a valid one: diagnostics go to stderr and any
/// error stops the command with exit 1 (as `check` would).
func loadValidProject(_ root: String) throws -> Project {
    let result = ProjectLoader.load(root: root)
    for diagnostic in result.diagnostics where diagnostic.severity == .error {
        printError(diagnostic.description)
    }
    if result.hasErrors {
        printError("\(result.diagnostics.errors.count) \(plural(result.diagnostics.errors.count, "error")); run `featide check \(root)` for details")
        throw ExitCode(1)
    }
    return result.project
}

func scenarios(named names: [String], in project: Project) throws -> [Scenario] {
    if names.isEmpty { return project.scenarios }
    return try names.map { name in
        guard let scenario = project.scenario(named: name) else {
            let known = project.scenarios.map(\.name).joined(separator: ", ")
            throw ValidationError("no scenario named '\(name)'; the project has: \(known)")
        }
        return scenario
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
