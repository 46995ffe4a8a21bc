import Foundation

/// The project's files as a folding tree: folders first, then files, hidden entries and build
/// output left out. Holds which folders are open and which row is selected.
public struct ProjectTree {
    public struct Row: Equatable {
        public var path: String      // project-relative
        public var name: String
        public var depth: Int
        public var isFolder: Bool
    }

    public let root: String
    /// A file opened outside any project: the tree holds it alone, not its whole folder.
    public let onlyFile: String?
    public private(set) var rows: [Row] = []
    public var selectedIndex = 0
    public var scrollOffset = 0
    private var collapsed: Set<String> = []

    public init(root: String, onlyFile: String? = nil) {
        self.root = root
        self.onlyFile = onlyFile
        reload()
    }

    public var selectedRow: Row? { rows.indices.contains(selectedIndex) ? rows[selectedIndex] : nil }

    /// Every file in the tree, for the palette.
    public var allFiles: [String] {
        if let onlyFile { return FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent(onlyFile)) ? [onlyFile] : [] }
        return Self.files(under: root, relative: "")
    }

    /// Every file's modification stamp, by path: comparing two says whether anything was
    /// created, deleted or changed.
    public func fileStamps() -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for path in allFiles { stamps[path] = FileStamp.of(path: (root as NSString).appendingPathComponent(path)) }
        return stamps
    }

    /// Re-reads the folder, keeping the selection on the same path when it still exists.
    public mutating func reload() {
        let selected = selectedRow?.path
        rows = []
        appendRows(folder: "", depth: 0)
        if let selected, let index = rows.firstIndex(where: { $0.path == selected }) { selectedIndex = index }
        selectedIndex = min(selectedIndex, max(0, rows.count - 1))
    }

    public mutating func toggle(_ folder: String) {
        if collapsed.contains(folder) { collapsed.remove(folder) } else { collapsed.insert(folder) }
        reload()
    }

    public mutating func setExpanded(_ folder: String, _ expanded: Bool) {
        if expanded { collapsed.remove(folder) } else { collapsed.insert(folder) }
        reload()
    }

    public func isExpanded(_ folder: String) -> Bool { !collapsed.contains(folder) }

    /// Selects a file's row, opening the folders above it.
    public mutating func reveal(_ path: String) {
        var folder = (path as NSString).deletingLastPathComponent
        while !folder.isEmpty {
            collapsed.remove(folder)
            folder = (folder as NSString).deletingLastPathComponent
        }
        reload()
        if let index = rows.firstIndex(where: { $0.path == path }) { selectedIndex = index }
    }

    public mutating func moveSelection(by delta: Int) {
        guard !rows.isEmpty else { return }
        selectedIndex = min(max(0, selectedIndex + delta), rows.count - 1)
    }

    private mutating func appendRows(folder: String, depth: Int) {
        if onlyFile != nil {
            rows = allFiles.map { Row(path: $0, name: $0, depth: 0, isFolder: false) }
            return
        }
        for entry in Self.entries(of: root, folder: folder) {
            rows.append(Row(path: entry.path, name: entry.name, depth: depth, isFolder: entry.isFolder))
            if entry.isFolder, !collapsed.contains(entry.path) { appendRows(folder: entry.path, depth: depth + 1) }
        }
    }

    private static func entries(of root: String, folder: String) -> [(path: String, name: String, isFolder: Bool)] {
        let absolute = folder.isEmpty ? root : (root as NSString).appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
        let entries = names.filter { !$0.hasPrefix(".") }.map { name -> (path: String, name: String, isFolder: Bool) in
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: (absolute as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return (folder.isEmpty ? name : folder + "/" + name, name, isDirectory.boolValue)
        }
        return entries.sorted { ($0.isFolder ? 0 : 1, $0.name) < ($1.isFolder ? 0 : 1, $1.name) }
    }

    private static func files(under root: String, relative folder: String) -> [String] {
        entries(of: root, folder: folder).flatMap { $0.isFolder ? files(under: root, relative: $0.path) : [$0.path] }
    }
}
