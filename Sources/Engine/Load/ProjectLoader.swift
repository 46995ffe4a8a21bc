import Foundation

/// The result of loading a project: what could be read, and every diagnostic found.
public struct LoadResult: Sendable {
    public var project: Project
    public var diagnostics: [Diagnostic]

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Reads a project folder into typed definitions and reports every problem at once:
/// syntax, shape (unknown keys, wrong types, bad durations), references, cycles and CEL errors.
public enum ProjectLoader {
    static let kinds = ["project", "feature", "pattern", "decision", "scenario"]

    public static func load(root: String) -> LoadResult {
        let root = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL.path
        let context = LoadContext()
        var manifest: ProjectManifest?
        var project = Project(root: root, manifest: defaultManifest(), features: [], patterns: [],
                              decisions: [], scenarios: [])
        let files = ProjectFiles.configFiles(in: root)
        if !files.contains(ProjectFiles.manifestName) {
            context.error(at: SourceLocation(file: ProjectFiles.manifestName, line: 1, column: 1),
                          "no featide.yaml in \(root): expected a project manifest (kind: project)")
        }
        for file in files {
            for document in DocumentReader.documents(ofFile: file, root: root, context: context) {
                guard let doc = document.mapping("document") else { continue }
                guard let kindNode = doc.required("kind", "one of \(kinds.joined(separator: ", "))", in: "document"),
                      let kind = kindNode.string("kind") else { continue }
                if let name = doc["name"]?.node.scalar?.string { context.declare(name, kind: kind) }
                switch kind {
                case "project":
                    if file != ProjectFiles.manifestName {
                        kindNode.error("kind 'project' belongs in featide.yaml at the project root")
                    } else if manifest != nil {
                        kindNode.error("featide.yaml holds a second 'kind: project' document; expected one")
                    } else {
                        manifest = ManifestDecoder.decode(doc)
                    }
                case "feature": FeatureDecoder.decode(doc).map { project.features.append($0) }
                case "pattern": PatternDecoder.decode(doc).map { project.patterns.append($0) }
                case "decision": DecisionDecoder.decode(doc).map { project.decisions.append($0) }
                case "scenario":
                    let directory = URL(fileURLWithPath: root).appendingPathComponent(file).deletingLastPathComponent().path
                    ScenarioDecoder.decode(doc, fileDirectory: directory).map { project.scenarios.append($0) }
                default:
                    kindNode.error("unknown kind '\(kind)'\(NearestName.hint(for: kind, among: kinds)); "
                        + "expected one of \(kinds.joined(separator: ", "))")
                }
            }
            if file == ProjectFiles.manifestName, manifest == nil, !context.diagnostics.contains(where: { $0.location.file == file }) {
                context.error(at: SourceLocation(file: file, line: 1, column: 1), "featide.yaml has no 'kind: project' document")
            }
        }
        if let manifest { project.manifest = manifest }
        ProjectValidator(project: project, context: context).validate()
        ExpressionChecker(project: project, context: context).check()
        ScriptChecker(project: project, context: context).check()
        return LoadResult(project: project, diagnostics: context.diagnostics.sortedByLocation())
    }

    private static func defaultManifest() -> ProjectManifest {
        ProjectManifest(
            name: "unnamed", version: "0.0.0", description: nil,
            device: DeviceProfile.unnamed,
            allowedLateness: TimeSpan(milliseconds: 0), sessionGap: ProjectManifest.defaultSessionGap,
            budget: ProjectManifest.defaultBudget, maxPartialMatches: ProjectManifest.defaultMaxPartialMatches,
            location: SourceLocation(file: ProjectFiles.manifestName, line: 1, column: 1))
    }
}
