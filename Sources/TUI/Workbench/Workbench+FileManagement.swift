import Foundation

/// New file, new folder, rename, delete and save as — from the tree (a, A, F2, Del), the
/// palette, or the editor (Ctrl-N, F2, Alt-S) — and a project started in an empty folder.
extension Workbench {
    /// The folder new entries go in: the selected folder, or the folder of the selected file
    /// (the active file's when the editor has focus), with a trailing slash; "" at the top.
    var folderForNewEntries: String {
        let path: String?
        if focus == .editor, let tab = activeTab {
            path = (tab.document.path as NSString).deletingLastPathComponent
        } else if let row = tree.selectedRow {
            path = row.isFolder ? row.path : (row.path as NSString).deletingLastPathComponent
        } else {
            path = nil
        }
        return path.map { $0.isEmpty ? "" : $0 + "/" } ?? ""
    }

    /// What rename and delete act on: the active file in the editor, else the tree's row.
    private var targetPath: String? {
        if focus == .editor, let tab = activeTab { return tab.document.path }
        return tree.selectedRow?.path
    }

    func promptForPath(_ purpose: Prompt.Purpose, text: String) {
        guard tree.onlyFile == nil else {
            status = "A single file is open, not a project: open a folder to manage files."
            return
        }
        overlay = .prompt(Prompt(purpose: purpose, text: text))
    }

    func requestRename() {
        guard let path = targetPath else { return status = "Select a file or folder to rename." }
        if tabs.contains(where: { ($0.document.path == path || $0.document.path.hasPrefix(path + "/")) && $0.document.isModified }) {
            return status = "Save or discard the unsaved edits in \(path) before renaming it."
        }
        promptForPath(.rename(path), text: path)
    }

    func requestDelete() {
        guard let path = targetPath else { return status = "Select a file or folder to delete." }
        let isFolder = FileManager.default.isFolder(absolutePath(path))
        let inside = isFolder ? (FileManager.default.subpaths(atPath: absolutePath(path))?.count ?? 0) : 0
        overlay = .confirm(Confirmation(
            title: "Delete \(isFolder ? "folder" : "file")?",
            lines: ["\(path)\(isFolder ? " and the \(inside) entries inside it" : "") will be deleted from disk.",
                    "This cannot be undone."],
            choices: [.init(key: "y", label: "Delete", action: .delete(path)), .init(key: "n", label: "Keep it", action: .cancel)]))
    }

    func requestSaveAs() {
        guard let tab = activeTab else { return status = "Open a file first (Enter in the tree, or Ctrl-P)." }
        promptForPath(.saveAs(tab.document.path), text: tab.document.path)
    }

    /// Handles the file prompts; false for the others.
    func acceptFilePrompt(_ prompt: Prompt) -> Bool {
        let target: String
        switch prompt.purpose {
        case .newFile, .newFolder, .rename, .saveAs: target = prompt.text.trimmingCharacters(in: .whitespaces)
        default: return false
        }
        if let problem = Self.pathProblem(target) {
            status = problem
            return true  // the prompt stays open to fix the name
        }
        let absolute = absolutePath(target)
        guard !FileManager.default.fileExists(atPath: absolute) else {
            status = "\(target) already exists; choose another name."
            return true
        }
        overlay = nil
        do {
            try FileManager.default.createDirectory(atPath: (absolute as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            switch prompt.purpose {
            case .newFile:
                guard FileManager.default.createFile(atPath: absolute, contents: Data()) else { throw CocoaError(.fileWriteUnknown) }
                tree.reload()
                openFile(target)
                status = "Created \(target)."
            case .newFolder:
                try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: false)
                tree.reveal(target)
                status = "Created folder \(target)."
            case .rename(let old):
                try FileManager.default.moveItem(atPath: absolutePath(old), toPath: absolute)
                // Open tabs of the file (or of files in the folder) follow it.
                for tab in tabs where tab.document.path == old || tab.document.path.hasPrefix(old + "/") {
                    let moved = target + tab.document.path.dropFirst(old.count)
                    replaceTab(tab, withFileAt: moved)
                }
                tree.reveal(target)
                status = "Renamed \(old) to \(target)."
            case .saveAs(let old):
                guard let tab = tabs.first(where: { $0.document.path == old }) else { break }
                try Data(tab.document.text.utf8).write(to: URL(fileURLWithPath: absolute), options: .atomic)
                removeSwap(old)
                replaceTab(tab, withFileAt: target)
                status = "Saved as \(target); \(old) is as it was last saved."
            default: break
            }
        } catch {
            status = "Could not do that: \(error.localizedDescription)"
        }
        projectStamps = tree.fileStamps()
        requestCheck()
        return true
    }

    /// The tab now shows the file at `path`, read from disk, in the same place among the tabs.
    private func replaceTab(_ tab: EditorTab, withFileAt path: String) {
        guard let index = tabs.firstIndex(where: { $0 === tab }),
              let data = FileManager.default.contents(atPath: absolutePath(path)) else { return }
        let document = EditorDocument(path: path, text: String(decoding: data, as: UTF8.self))
        document.cursor = document.clamp(tab.document.cursor)
        let replacement = EditorTab(document: document, diskStamp: FileStamp.of(path: absolutePath(path)))
        (replacement.scrollLine, replacement.scrollRow) = (tab.scrollLine, tab.scrollRow)
        tabs[index] = replacement
    }

    func delete(_ path: String) {
        do {
            try FileManager.default.removeItem(atPath: absolutePath(path))
        } catch {
            return status = "Could not delete \(path): \(error.localizedDescription)"
        }
        for tab in tabs where tab.document.path == path || tab.document.path.hasPrefix(path + "/") {
            removeSwap(tab.document.path)
            tabs.removeAll { $0 === tab }
        }
        activeTabIndex = min(activeTabIndex, max(0, tabs.count - 1))
        if tabs.isEmpty, focus == .editor { focus = .tree }
        tree.reload()
        projectStamps = tree.fileStamps()
        status = "Deleted \(path)."
        requestCheck()
    }

    /// A project-relative path the file commands accept, or why not.
    static func pathProblem(_ path: String) -> String? {
        if path.isEmpty || path.hasSuffix("/") { return "Type a name (a path inside the project, like features/clicks.yaml)." }
        if path.hasPrefix("/") { return "Give a path inside the project, not an absolute one." }
        if path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." }) { return "'..' and '.' are not allowed: the path stays inside the project." }
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { return "Names starting with '.' are hidden from the project; choose another." }
        return nil
    }

    // MARK: An empty folder

    /// Opened on an empty folder, the IDE offers to start a project in it.
    func offerProjectInEmptyFolder() {
        guard tree.onlyFile == nil, tree.rows.isEmpty,
              !FileManager.default.fileExists(atPath: absolutePath("featide.yaml")) else { return }
        overlay = .confirm(Confirmation(
            title: "Start a project here?",
            lines: ["This folder is empty. A featide project needs a featide.yaml;",
                    "featide can write one, with a first feature to edit."],
            choices: [.init(key: "c", label: "Create the project", action: .createProject), .init(key: "n", label: "Not now", action: .cancel)]))
    }

    func createProject() {
        let name = (root as NSString).lastPathComponent.filter { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        let files = [
            "featide.yaml": "kind: project\nname: \(name.isEmpty ? "project" : name)\nversion: 0.1.0\ndescription: What this device's features and decisions are for.\n",
            "features/clicks.yaml": "# A first feature: clicks in the last 10 minutes.\nkind: feature\nname: clicks_10m\non: click\nagg: count\nwindow: {sliding: 10m}\n",
        ]
        do {
            for (path, text) in files.sorted(by: { $0.key < $1.key }) {
                try FileManager.default.createDirectory(atPath: (absolutePath(path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: absolutePath(path)))
            }
        } catch {
            return status = "Could not create the project: \(error.localizedDescription)"
        }
        tree.reload()
        projectStamps = tree.fileStamps()
        openFile("features/clicks.yaml")
        status = "Created featide.yaml and features/clicks.yaml."
        requestCheck()
    }
}

extension FileManager {
    func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
