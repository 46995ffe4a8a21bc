import Foundation

/// Load-time checks of the Python scripts a project names: they parse, pass the sandbox's
/// scan (no double-underscore names, no frame attributes), and define the function the engine
/// calls — each finding at its own `scripts/x.py:line:col`.
struct ScriptChecker {
    let project: Project
    let context: LoadContext

    func check() {
        var uses: [(ScriptReference, String)] = project.decisions.map { ($0.script, "decide(ctx)") }
        for feature in project.features {
            if let s = feature.scriptFeature { uses.append((s.script, "compute(ctx)")) }
            if let post = feature.post { uses.append((post, "post(value, ctx)")) }
        }
        var scanned: [String: [String]?] = [:]  // path → its top-level functions (nil: unusable)
        for (reference, signature) in uses {
            if scanned[reference.path] == nil { scanned[reference.path] = scan(reference.path) }
            guard let functions = scanned[reference.path]!, let name = signature.split(separator: "(").first else { continue }
            if !functions.contains(String(name)) {
                context.error(at: reference.location, "\(reference.path) defines no \(signature); expected a top-level def \(signature)")
            }
        }
    }

    /// Reports the file's syntax and sandbox errors; its functions if it has none.
    private func scan(_ path: String) -> [String]? {
        let file = URL(fileURLWithPath: project.root).appendingPathComponent(path).path
        guard let source = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }  // a missing file is reported elsewhere
        let report = ScriptScanner.scan(source: source, path: path)
        for finding in report.findings {
            context.error(at: SourceLocation(file: path, line: finding.line, column: finding.column ?? 1), finding.message)
        }
        return report.findings.isEmpty ? report.functions : nil
    }
}
