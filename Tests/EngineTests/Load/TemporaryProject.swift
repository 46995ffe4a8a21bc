import Foundation
@testable import Engine

/// A project written to a fresh temporary folder, for loader tests.
struct TemporaryProject {
    let root: String

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("featide-test-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    static let manifest = "kind: project\nname: demo\nversion: 1.0.0\n"
    /// With a generous script budget: tests about other things must not fail on a busy machine.
    static let scriptManifest = manifest + "budget: 2s\n"

    func load() -> LoadResult { ProjectLoader.load(root: root) }

    /// Diagnostics printed as `check` prints them.
    func diagnostics() -> [String] { load().diagnostics.map(\.description) }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The package root, found from this file's path, so tests can read `projects/` and `Tests/Data`.
enum PackageRoot {
    static let path: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
}
