import Engine
import EngineProtocol
import Foundation

/// One version, live: its project unpacked under the state folder, loaded, and running in a
/// pipeline that computes every feature (any can be queried).
final class ActiveDeployment {
    let version: Int
    var activation: Int64
    let contentHash: String
    let project: Project
    let pipeline: EnginePipeline
    let activatedAt: Int64

    /// Loads and compiles the project in `directory`; a load or compile error refuses it,
    /// naming every error as `file:line:col`.
    init(version: Int, activation: Int64, contentHash: String, directory: String, at time: Int64) throws(ProjectBundle.Refused) {
        let loaded = ProjectLoader.load(root: directory)
        let errors = loaded.diagnostics.errors
        guard errors.isEmpty else {
            throw ProjectBundle.Refused(description: "the project does not load:\n" + errors.map(\.description).joined(separator: "\n"))
        }
        do {
            pipeline = try EnginePipeline(project: loaded.project, consumed: Set(loaded.project.features.map(\.name)))
        } catch {
            throw ProjectBundle.Refused(description: "the project does not compile: \(error)")
        }
        self.version = version
        self.activation = activation
        self.contentHash = contentHash
        project = loaded.project
        activatedAt = time
    }

    static func directory(version: Int, in stateDirectory: String) -> String {
        URL(fileURLWithPath: stateDirectory).appendingPathComponent("deployments/\(version)").path
    }
}
