import Engine
import Foundation
import TUI

/// The IDE's live diagnostics: the same `ProjectLoader` path as `featide check`. Unsaved
/// buffers are checked by loading a scratch copy of the project with those files replaced, so
/// locations still name the real project-relative files.
enum LiveProjectCheck {
    static func problems(root: String, overlays: [String: String]) -> [Problem] {
        guard !overlays.isEmpty else { return map(ProjectLoader.load(root: root).diagnostics) }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("featide-check-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        do {
            try copyVisibleTree(from: URL(fileURLWithPath: root), to: scratch)
            for (path, text) in overlays {
                let target = scratch.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: target)
            }
        } catch {
            return [Problem(severity: .warning, file: "featide.yaml", line: 1, column: 1,
                            message: "could not check unsaved edits: \(error.localizedDescription)")]
        }
        return map(ProjectLoader.load(root: scratch.path).diagnostics)
    }

    private static func map(_ diagnostics: [Diagnostic]) -> [Problem] {
        diagnostics.map { diagnostic in
            Problem(severity: diagnostic.severity == .error ? .error : .warning, file: diagnostic.location.file,
                    line: diagnostic.location.line, column: diagnostic.location.column, message: diagnostic.message)
        }
    }

    /// Copies everything but hidden entries (swap files, .git, build output).
    private static func copyVisibleTree(from source: URL, to destination: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source.path) where !name.hasPrefix(".") {
            let from = source.appendingPathComponent(name), to = destination.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: from.path, isDirectory: &isDirectory)
            if isDirectory.boolValue { try copyVisibleTree(from: from, to: to) } else { try manager.copyItem(at: from, to: to) }
        }
    }
}
