import Foundation

/// Finds the files of a project: every `*.yaml`, `*.yml` and `*.json` below the root,
/// in a stable order, skipping hidden folders and build output.
enum ProjectFiles {
    static let manifestName = "featide.yaml"
    static let configExtensions: Set<String> = ["yaml", "yml", "json"]

    /// Project-relative paths, the manifest first, the rest sorted.
    static func configFiles(in root: String) -> [String] {
        let rootURL = URL(fileURLWithPath: root, isDirectory: true).standardizedFileURL
        guard let walker = FileManager.default.enumerator(
            at: rootURL, includingPropertiesForKeys: [.isDirectoryKey], options: [.skipsHiddenFiles])
        else { return [] }
        var paths: [String] = []
        for case let url as URL in walker {
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if isDirectory {
                if url.lastPathComponent.hasPrefix(".build") { walker.skipDescendants() }
                continue
            }
            guard configExtensions.contains(url.pathExtension.lowercased()) else { continue }
            paths.append(relativePath(of: url.standardizedFileURL.path, under: rootURL.path))
        }
        return paths.sorted { a, b in
            if (a == manifestName) != (b == manifestName) { return a == manifestName }
            return a < b
        }
    }

    static func relativePath(of path: String, under root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
