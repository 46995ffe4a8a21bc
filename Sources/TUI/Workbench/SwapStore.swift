import Foundation

/// Swap files for unsaved buffers, in `.featide/swap/` under the project (a hidden folder, so
/// the loader and the tree skip it). Each holds a header line naming its owner (`SwapOwner`),
/// the file's path, then the text. Each running workbench writes its own swaps, so two IDEs on
/// one project never overwrite or delete each other's.
public struct SwapStore: Sendable {
    static let header = "featide-swap 2"
    /// Swaps written before owners existed: no owner, never live.
    static let ownerlessHeader = "featide-swap 1"
    public let folder: String
    private let root: String
    public let owner: SwapOwner

    /// A swap left by a workbench that is no longer running.
    public struct Leftover: Sendable {
        public var path: String
        public var text: String
        /// The swap file itself, and the owner that wrote it (nil: an ownerless one).
        var file: String
        var owner: String?
    }

    public init(projectRoot: String) {
        root = projectRoot
        folder = (projectRoot as NSString).appendingPathComponent(".featide/swap")
        owner = SwapOwner(folder: folder)
    }

    /// This workbench's swap for `path`.
    public func swapPath(for path: String) -> String {
        (folder as NSString).appendingPathComponent(path.replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "/", with: "%2F") + "." + owner.id + ".swp")
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
        guard FileManager.default.createFile(atPath: temporary, contents: Data((Self.header + " " + owner.id + "\n" + path + "\n").utf8)),
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

    /// Removes this workbench's swap for `path`.
    public func remove(path: String) {
        try? FileManager.default.removeItem(atPath: swapPath(for: path))
    }

    /// Swaps of workbenches no longer running whose text differs from the file on disk: what
    /// a crash left behind. Those equal to the file are deleted; live owners' are not looked at.
    public func recoverable() -> [Leftover] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".swp") }.sorted()
        var result: [Leftover] = []
        var alive: [String: Bool] = [owner.id: true]
        for name in names {
            let swapFile = (folder as NSString).appendingPathComponent(name)
            guard let contents = try? String(contentsOfFile: swapFile, encoding: .utf8) else { continue }
            let parts = contents.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { continue }
            let swapOwner: String?
            if parts[0].hasPrefix(Self.header + " ") {
                swapOwner = String(parts[0].dropFirst(Self.header.count + 1))
            } else if parts[0] == Self.ownerlessHeader {
                swapOwner = nil
            } else {
                continue
            }
            if let swapOwner {
                if alive[swapOwner] == nil { alive[swapOwner] = SwapOwner.isAlive(swapOwner, folder: folder) }
                if alive[swapOwner] == true { continue }
            }
            let path = String(parts[1])
            let text = parts.count == 3 ? String(parts[2]) : ""
            let onDisk = try? String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8)
            let leftover = Leftover(path: path, text: text, file: swapFile, owner: swapOwner)
            if onDisk == text {
                discard(leftover)
            } else {
                result.append(leftover)
            }
        }
        return result
    }

    /// Deletes a leftover swap (recovered into a buffer, or declined), and its owner's lock
    /// file once the owner has no swap left.
    public func discard(_ leftover: Leftover) {
        try? FileManager.default.removeItem(atPath: leftover.file)
        guard let owner = leftover.owner else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        if !names.contains(where: { $0.hasSuffix("." + owner + ".swp") }) { SwapOwner.forget(owner, folder: folder) }
    }
}
