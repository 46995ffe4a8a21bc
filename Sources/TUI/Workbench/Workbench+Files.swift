import Foundation

/// Opening, saving and closing files; swap files and recovery; noticing changes on disk.
extension Workbench {
    func absolutePath(_ path: String) -> String { (root as NSString).appendingPathComponent(path) }

    /// Opens a project file in a tab (or switches to it) and focuses the editor.
    @discardableResult
    public func openFile(_ path: String) -> EditorTab? {
        if let index = tabs.firstIndex(where: { $0.document.path == path }) {
            activeTabIndex = index
            focus = .editor
            return tabs[index]
        }
        guard let data = FileManager.default.contents(atPath: absolutePath(path)) else {
            status = "Cannot read \(path)."
            return nil
        }
        let document = EditorDocument(path: path, text: String(decoding: data, as: UTF8.self))
        let tab = EditorTab(document: document, diskStamp: FileStamp.of(path: absolutePath(path)))
        tabs.append(tab)
        activeTabIndex = tabs.count - 1
        focus = .editor
        tree.reveal(path)
        return tab
    }

    func saveActiveTab() {
        guard let tab = activeTab else { return }
        if tab.changedOnDisk || (tab.diskStamp != nil && FileStamp.of(path: absolutePath(tab.document.path)) != tab.diskStamp) {
            overlay = .confirm(Confirmation(
                title: "File changed on disk",
                lines: ["\(tab.document.path) was changed by another program since you opened it.",
                        "Saving now would overwrite those changes."],
                choices: [.init(key: "o", label: "Overwrite", action: .overwriteDisk(tab.document.path)),
                          .init(key: "r", label: "Reload from disk (lose my edits)", action: .reloadFromDisk(tab.document.path)),
                          .init(key: "c", label: "Cancel", action: .cancel)]))
            return
        }
        save(tab)
    }

    @discardableResult
    func save(_ tab: EditorTab) -> Bool {
        let path = tab.document.path
        do {
            try Data(tab.document.text.utf8).write(to: URL(fileURLWithPath: absolutePath(path)), options: .atomic)
        } catch {
            status = "Could not save \(path): \(error.localizedDescription)"
            return false
        }
        tab.document.markSaved()
        tab.diskStamp = FileStamp.of(path: absolutePath(path))
        tab.changedOnDisk = false
        tab.swappedVersion = tab.document.version
        removeSwap(path)
        status = "Saved \(path)."
        requestCheck()
        return true
    }

    func reload(_ tab: EditorTab) {
        guard let data = FileManager.default.contents(atPath: absolutePath(tab.document.path)) else { return }
        tab.document.replaceAll(with: String(decoding: data, as: UTF8.self), markingSaved: true)
        tab.diskStamp = FileStamp.of(path: absolutePath(tab.document.path))
        tab.changedOnDisk = false
        tab.swappedVersion = tab.document.version
        removeSwap(tab.document.path)
    }

    func requestCloseTab() {
        guard let tab = activeTab else { return }
        guard tab.document.isModified else { return closeTab(tab.document.path) }
        overlay = .confirm(Confirmation(
            title: "Unsaved changes",
            lines: ["\(tab.document.path) has unsaved changes."],
            choices: [.init(key: "s", label: "Save", action: .saveAndClose(tab.document.path)),
                      .init(key: "d", label: "Discard", action: .discardAndClose(tab.document.path)),
                      .init(key: "c", label: "Cancel", action: .cancel)]))
    }

    func closeTab(_ path: String) {
        guard let index = tabs.firstIndex(where: { $0.document.path == path }) else { return }
        let discardedEdits = tabs[index].document.isModified
        tabs.remove(at: index)
        // Problems found in the discarded text go: the file is checked as saved again.
        if discardedEdits { requestCheck() }
        activeTabIndex = min(activeTabIndex, max(0, tabs.count - 1))
        if tabs.isEmpty { focus = .tree }
    }

    var unsavedTabs: [EditorTab] { tabs.filter { $0.document.isModified } }

    func requestQuit() {
        let unsaved = unsavedTabs
        guard !unsaved.isEmpty else { return quit() }
        overlay = .confirm(Confirmation(
            title: "Quit with unsaved changes?",
            lines: ["Unsaved: " + unsaved.map(\.document.path).joined(separator: ", ")],
            choices: [.init(key: "s", label: "Save all and quit", action: .saveAllAndQuit),
                      .init(key: "d", label: "Discard and quit", action: .discardAllAndQuit),
                      .init(key: "c", label: "Cancel", action: .cancel)]))
    }

    // MARK: Swap files

    /// Writes a swap for every buffer changed since its last swap; drops swaps of buffers that
    /// are back to their saved text. The text is a snapshot (the piece table is a value), so
    /// the write happens off the UI thread while editing goes on.
    public func writeSwaps() {
        for tab in tabs where tab.swappedVersion != tab.document.version {
            let path = tab.document.path
            if tab.document.isModified {
                let snapshot = tab.document.table, swaps = swaps
                environment.runFileWork {
                    do {
                        try swaps.write(path: path, table: snapshot)
                        return nil
                    } catch {
                        return .swapFailed(path: path, reason: error.localizedDescription)
                    }
                }
            } else {
                removeSwap(path)
            }
            tab.swappedVersion = tab.document.version
        }
    }

    /// Queued behind any pending write of the same swap, so a late write cannot bring it back.
    func removeSwap(_ path: String) {
        let swaps = swaps
        environment.runFileWork {
            swaps.remove(path: path)
            return nil
        }
    }

    func offerRecovery() {
        let found = swaps.recoverable()
        guard !found.isEmpty else { return }
        overlay = .confirm(Confirmation(
            title: "Recover unsaved changes?",
            lines: ["The last session ended with unsaved changes to:"] + found.map { "  " + $0.path },
            choices: [.init(key: "r", label: "Recover them", action: .recoverSwaps),
                      .init(key: "d", label: "Discard them", action: .discardSwaps)]))
    }

    /// Opens each swapped file with the swap's text as unsaved edits (Ctrl-Z returns to disk).
    /// The text is in this workbench's own swap before the leftover is deleted.
    func recoverSwaps() {
        for leftover in swaps.recoverable() {
            guard let tab = openFile(leftover.path) else { continue }
            tab.document.replaceAll(with: leftover.text, markingSaved: false)
            do {
                try swaps.write(path: leftover.path, table: tab.document.table)
                tab.swappedVersion = tab.document.version
                swaps.discard(leftover)
            } catch {
                status = "Could not write a swap for \(leftover.path) (\(error.localizedDescription)); the old one is kept."
            }
        }
        status = "Recovered unsaved changes; save with Ctrl-S."
        requestCheck()
    }

    func discardSwaps() {
        for leftover in swaps.recoverable() { swaps.discard(leftover) }
    }

    // MARK: Disk changes

    /// A file another program changed: reloaded when we have no edits, flagged when we do.
    /// Files created, deleted or changed anywhere in the project refresh the tree and Problems.
    public func checkDisk() {
        let stamps = tree.fileStamps()
        if stamps != projectStamps {
            projectStamps = stamps
            tree.reload()
            requestCheck()
        }
        for tab in tabs {
            let stamp = FileStamp.of(path: absolutePath(tab.document.path))
            guard stamp != tab.diskStamp, !tab.changedOnDisk else { continue }
            if tab.document.isModified {
                tab.changedOnDisk = true
                status = "\(tab.document.path) changed on disk; your edits are kept. Ctrl-S will ask before overwriting."
            } else if stamp != nil {
                reload(tab)
                status = "Reloaded \(tab.document.path): it changed on disk."
                requestCheck()
            }
        }
    }
}
