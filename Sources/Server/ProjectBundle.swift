import EngineProtocol
import Foundation

/// Packing a project folder into a `DeployBundle` (the CLI) and unpacking one safely (the engine).
public enum ProjectBundle {
    /// A bundle larger than this (its files' bytes) is refused.
    public static let maximumBytes = 32 << 20
    /// Folders a bundle never includes: engine state, version control, editor swap files.
    static let skippedFolders: Set = [".featide", ".git", ".build"]

    public struct Refused: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Every regular file below `root` (symlinks only if they stay inside it), by relative path.
    public static func pack(root: String) throws(Refused) -> DeployBundle {
        let rootURL = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: rootURL, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else {
            throw Refused(description: "cannot read the project folder \(root)")
        }
        var files: [DeployBundle.File] = []
        var total = 0
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(rootURL.path.count + 1))
            if skippedFolders.contains(url.lastPathComponent) { walker.skipDescendants(); continue }
            if url.lastPathComponent.hasSuffix(".swp") || url.lastPathComponent.hasPrefix(".#") { continue }
            let resolved = url.resolvingSymlinksInPath()
            guard resolved.path.hasPrefix(rootURL.path + "/") else {
                throw Refused(description: "\(relative) is a symlink to \(resolved.path), outside the project; a bundle holds only files inside it")
            }
            guard (try? resolved.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            guard let data = FileManager.default.contents(atPath: resolved.path) else {
                throw Refused(description: "cannot read \(relative)")
            }
            total += data.count
            guard total <= maximumBytes else { throw Refused(description: "the project is over the \(maximumBytes >> 20) MiB bundle limit") }
            files.append(DeployBundle.File(path: relative, content: data.base64EncodedString()))
        }
        files.sort { $0.path < $1.path }
        return DeployBundle(files: files, contentHash: contentHash(files))
    }

    /// FNV-1a 64 over every path and content in path order (identity, not a signature).
    public static func contentHash(_ files: [DeployBundle.File]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            mix(file.path.utf8)
            mix([0])
            mix(file.content.utf8)
            mix([0])
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// Writes a bundle's files under `directory`, refusing paths that leave it (`..`,
    /// absolute), duplicates, bad base64, a size over the limit, or a wrong content hash.
    static func unpack(_ bundle: DeployBundle, into directory: String) throws(Refused) {
        guard contentHash(bundle.files) == bundle.contentHash else {
            throw Refused(description: "the bundle's content hash \(bundle.contentHash) does not match its files")
        }
        var seen: Set<String> = []
        var total = 0
        var decoded: [(String, Data)] = []
        for file in bundle.files {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.isEmpty, !file.path.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                  !file.path.contains("\0") else {
                throw Refused(description: "bundle path '\(file.path)' leaves the project; expected a relative path without '..'")
            }
            guard seen.insert(file.path).inserted else { throw Refused(description: "bundle path '\(file.path)' appears twice") }
            guard let data = Data(base64Encoded: file.content) else { throw Refused(description: "bundle file '\(file.path)' is not base64") }
            total += data.count
            guard total <= maximumBytes else { throw Refused(description: "the bundle is over the \(maximumBytes >> 20) MiB limit") }
            decoded.append((file.path, data))
        }
        for (path, data) in decoded {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            } catch {
                throw Refused(description: "cannot write \(path): \(error.localizedDescription)")
            }
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
