import Foundation

/// Keys while a dialog is open: palette, help, prompts and confirmations.
extension Workbench {
    func handleOverlayKey(_ key: Key) {
        guard let overlay else { return }
        if key == .escape {
            if case .confirm(let confirmation) = overlay, !confirmation.choices.contains(where: { $0.action == .cancel }) { return }
            self.overlay = nil
            return
        }
        switch overlay {
        case .palette(let state): paletteKey(key, state)
        case .help(let scroll): helpKey(key, scroll)
        case .prompt(let prompt): promptKey(key, prompt)
        case .confirm(let confirmation): confirmKey(key, confirmation)
        case .searchResults(let results): searchResultsKey(key, results)
        }
    }

    // MARK: Palette

    /// Commands and files ranked by fuzzy score; commands first on an empty query.
    func paletteItems(for query: String) -> [(item: PaletteState.Item, title: String, detail: String)] {
        let commands = WorkbenchCommand.allCases.filter { $0 != .palette }.map { (item: PaletteState.Item.command($0), title: $0.title, detail: $0.keyLabel) }
        let files = tree.allFiles.map { (item: PaletteState.Item.file($0), title: $0, detail: "file") }
        let all = commands + files
        guard !query.isEmpty else { return all }
        return all.compactMap { entry in FuzzyMatcher.score(query, in: entry.title).map { (entry, $0) } }
            .sorted { $0.1 > $1.1 }
            .map(\.0)
    }

    func paletteKey(_ key: Key, _ state: PaletteState) {
        var state = state
        let items = paletteItems(for: state.query)
        switch key {
        case .up: state.selected = max(0, state.selected - 1)
        case .down: state.selected = min(max(0, items.count - 1), state.selected + 1)
        case .backspace:
            if !state.query.isEmpty { state.query.removeLast() }
            state.selected = 0
        case .character(let character):
            state.query.append(character)
            state.selected = 0
        case .enter:
            overlay = nil
            guard items.indices.contains(state.selected) else { return }
            switch items[state.selected].item {
            case .command(let command): run(command)
            case .file(let path): openFile(path)
            }
            return
        default: break
        }
        overlay = .palette(state)
    }

    // MARK: Help

    func helpKey(_ key: Key, _ scroll: Int) {
        switch key {
        case .up: overlay = .help(scroll: max(0, scroll - 1))
        case .down: overlay = .help(scroll: scroll + 1)
        case .pageUp: overlay = .help(scroll: max(0, scroll - 10))
        case .pageDown: overlay = .help(scroll: scroll + 10)
        case .enter, .function(1): overlay = nil
        default: break
        }
    }

    /// Every key, grouped: what F1 shows.
    var helpLines: [String] {
        var lines = ["Everywhere"]
        for command in WorkbenchCommand.allCases { lines.append(Self.helpLine(command.keyLabel, command.title)) }
        lines += ["", "Project tree"] + PaneKeys.tree.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Editor"] + PaneKeys.editor.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Problems"] + PaneKeys.problems.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Logs (Alt-2)"] + PaneKeys.logs.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Deploys (Alt-3)"] + PaneKeys.deploys.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Mocks (Alt-4)"] + PaneKeys.mocks.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Features (Alt-5)"] + PaneKeys.features.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Events and Patterns (Alt-6, Alt-7)"] + PaneKeys.activity.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Debug (Alt-8)"] + PaneKeys.debugger.map { Self.helpLine($0.0, $0.1) }
        lines += ["", "Dialogs"] + PaneKeys.dialogs.map { Self.helpLine($0.0, $0.1) }
        return lines
    }

    private static func helpLine(_ keys: String, _ meaning: String) -> String {
        "  " + keys + String(repeating: " ", count: max(1, 18 - DisplayWidth.of(keys))) + meaning
    }

    // MARK: Prompts

    func promptKey(_ key: Key, _ prompt: Prompt) {
        var prompt = prompt
        if prompt.takesFindOptions, case .alt(let letter) = key, toggleFindOption(letter, &prompt) {
            overlay = .prompt(prompt)
            return findAsYouType(prompt)
        }
        if case .replaceWith(let query) = prompt.purpose, key == .alt("a") { return replaceAll(query, with: prompt.text) }
        switch key {
        case .character(let character):
            if prompt.preselected { prompt.text = "" }
            prompt.text.append(character)
        case .backspace:
            if prompt.preselected { prompt.text = "" } else if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .enter: return acceptPrompt(prompt)
        default: break
        }
        prompt.preselected = false
        overlay = .prompt(prompt)
    }

    func acceptPrompt(_ prompt: Prompt) {
        if acceptFilePrompt(prompt) { return }
        if prompt.purpose == .findInProject { return findInProject(prompt.query) }
        if prompt.purpose == .logFilter { return acceptLogFilter(prompt.text) }
        if prompt.purpose == .evaluate || prompt.purpose == .watch { return acceptDebugExpression(prompt) }
        if case .breakpointOptions(let path, let line) = prompt.purpose { return acceptBreakpointPrompt(prompt, path: path, line: line) }
        guard let tab = activeTab else {
            overlay = nil
            return
        }
        let document = tab.document
        switch prompt.purpose {
        case .find: findNext(prompt)
        case .replaceFind:
            lastFind = prompt.query
            overlay = .prompt(Prompt(purpose: .replaceWith(prompt.query), text: ""))
        case .replaceWith(let query): replaceCurrent(query, with: prompt)
        case .findInProject: break  // acceptFilePrompt's sibling, findInProject, took it
        case .goToLine:
            overlay = nil
            let parts = prompt.text.split(separator: ":").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let line = parts.first ?? nil else {
                status = "Expected a line number, like 12 or 12:5."
                return
            }
            let column = parts.count > 1 ? (parts[1] ?? 1) : 1
            document.prepareMove(selecting: false)
            document.cursor = document.clamp(TextPosition(line: line - 1, column: column - 1))
            tab.goalColumn = nil
            editorView(for: tab).revealCursor()
        case .newFile, .newFolder, .rename, .saveAs, .logFilter, .evaluate, .watch, .breakpointOptions: break  // taken above
        }
    }

    // MARK: Confirmations

    func confirmKey(_ key: Key, _ confirmation: Confirmation) {
        guard case .character(let character) = key,
              let choice = confirmation.choices.first(where: { $0.key == Character(character.lowercased()) }) else { return }
        overlay = nil
        perform(choice.action)
    }

    func perform(_ action: Confirmation.Action) {
        switch action {
        case .saveAllAndQuit:
            if unsavedTabs.allSatisfy({ save($0) }) { quit() }
        case .discardAllAndQuit:
            for tab in unsavedTabs { removeSwap(tab.document.path) }
            quit()
        case .recoverSwaps: recoverSwaps()
        case .discardSwaps: discardSwaps()
        case .overwriteDisk(let path):
            if let tab = tabs.first(where: { $0.document.path == path }) { save(tab) }
        case .reloadFromDisk(let path):
            if let tab = tabs.first(where: { $0.document.path == path }) {
                reload(tab)
                requestCheck()
            }
        case .saveAndClose(let path):
            if let tab = tabs.first(where: { $0.document.path == path }), save(tab) { closeTab(path) }
        case .discardAndClose(let path):
            removeSwap(path)
            closeTab(path)
        case .goToProblem(let index): jumpToProblem(at: index)
        case .delete(let path): delete(path)
        case .createProject: createProject()
        case .deploy: deploy()
        case .rollBack(let version): rollBack(to: version)
        case .cancel: break
        }
    }
}
