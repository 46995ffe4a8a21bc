import Foundation

/// Swap files for unsaved buffers, in `.featide/swap/` under the project (a hidden folder, so
/// the loader and the tree skip it). Each holds a header line, the file's path, then the text.
public struct SwapStore: Sendable {
    static let header = "featide-swap 1"
    public let folder: String
    private let root: String

    public init(projectRoot: String) {
        root = projectRoot
        folder = (projectRoot as NSString).appendingPathComponent(".featide/swap")
    }

    public func swapPath(for path: String) -> String {
        (folder as NSString).appendingPathComponent(path.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "/", with: "%2F") + ".swp")
    }

    public func write(path: String, text: String) throws {
        try write(path: path, table: PieceTable(text))
    }

    /// Written to a temporary name and renamed, so a crash mid-write leaves the old swap intact;
    /// the text goes out piece by piece, never copied whole.
    public func write(path: String, table: PieceTable) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = swapPath(for: path)
        let temporary = target + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data((Self.header + "\n" + path + "\n").utf8)),
              let handle = FileHandle(forWritingAtPath: temporary) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        do {
            try handle.seekToEnd()
            try table.forEachChunk { try handle.write(contentsOf: $0) }
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target]) }
    }

    public func remove(path: String) {
        try? FileManager.default.removeItem(atPath: swapPath(for: path))
    }

    /// Swaps whose text differs from the file on disk: what a crash left behind.
    public func recoverable() -> [(path: String, text: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".swp") }.sorted()
        var result: [(path: String, text: String)] = []
        for name in names {
            let swapFile = (folder as NSString).appendingPathComponent(name)
            guard let contents = try? String(contentsOfFile: swapFile, encoding: .utf8) else { continue }
            let parts = contents.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0] == Self.header else { continue }
            let path = String(parts[1])
            let text = parts.count == 3 ? String(parts[2]) : ""
            let onDisk = try? String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8)
            if onDisk == text {
                try? FileManager.default.removeItem(atPath: swapFile)
            } else {
                result.append((path, text))
            }
        }
        return result
    }
}
