import Foundation
import TUI

/// The IDE's live diagnostics: `featide check` itself, run as a child process, its
/// `file:line:col: severity: message` lines read back. The same path as the command line, and
/// the loader's memory and code pages stay out of the long-running IDE process. Unsaved
/// buffers are checked by pointing it at a scratch copy of the project with those files
/// replaced, so locations still name the real project-relative files.
enum LiveProjectCheck {
    static func problems(root: String, overlays: [String: String]) -> [Problem] {
        guard !overlays.isEmpty else { return runCheck(on: root) }
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
            return [failure("could not check unsaved edits: \(error.localizedDescription)")]
        }
        return runCheck(on: scratch.path)
    }

    private static func runCheck(on root: String) -> [Problem] {
        let process = Process()
        process.executableURL = FeatideExecutable.url
        process.arguments = ["check", root]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return [failure("could not run featide check: \(error.localizedDescription)")]
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap(parse)
    }

    /// `features/a.yaml:3:5: error: message`; summary lines do not match and are skipped.
    static func parse(_ line: Substring) -> Problem? {
        let parts = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, let lineNumber = Int(parts[1]), let column = Int(parts[2]) else { return nil }
        let severity = parts[3].trimmingCharacters(in: .whitespaces)
        guard severity == "error" || severity == "warning" else { return nil }
        return Problem(severity: severity == "error" ? .error : .warning, file: String(parts[0]), line: lineNumber,
                       column: column, message: parts[4].trimmingCharacters(in: .whitespaces))
    }

    private static func failure(_ message: String) -> Problem {
        Problem(severity: .warning, file: "featide.yaml", line: 1, column: 1, message: message)
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
