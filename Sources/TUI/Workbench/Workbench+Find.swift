import Foundation

/// Find (Ctrl-F), replace one or all (Ctrl-R), and find in project (Alt-F): the pre-filled
/// text is selected so typing replaces it, Alt-C / Alt-W / Alt-R toggle case, whole word and
/// regular expression, the status line counts matches and says when the search wrapped.
extension Workbench {
    func openFindPrompt(_ purpose: Prompt.Purpose) {
        guard let tab = activeTab else {
            status = "Open a file first (Enter in the tree, or Ctrl-P)."
            return
        }
        focus = .editor
        // A one-line selection is what the user wants to find; else the last search.
        var text = lastFind.text
        if let selection = tab.document.selection, selection.lowerBound.line == selection.upperBound.line, selection.lowerBound != selection.upperBound {
            text = String(tab.document.line(selection.lowerBound.line).dropFirst(selection.lowerBound.column)
                .prefix(selection.upperBound.column - selection.lowerBound.column))
        }
        overlay = .prompt(Prompt(purpose: purpose, text: text, preselected: !text.isEmpty, options: lastFind))
    }

    func openFindInProject() {
        guard tree.onlyFile == nil else { return status = "Find in project needs a project; Ctrl-F finds in this file." }
        overlay = .prompt(Prompt(purpose: .findInProject, text: lastFind.text, preselected: !lastFind.text.isEmpty, options: lastFind))
    }

    /// Alt-C, Alt-W, Alt-R; false for other Alt keys.
    func toggleFindOption(_ letter: Character, _ prompt: inout Prompt) -> Bool {
        switch letter {
        case "c": prompt.options.caseSensitive.toggle()
        case "w": prompt.options.wholeWord.toggle()
        case "r": prompt.options.regex.toggle()
        default: return false
        }
        prompt.preselected = false
        return true
    }

    /// After a toggle: how many matches the query has now.
    func findAsYouType(_ prompt: Prompt) {
        guard prompt.purpose != .findInProject, let document = activeTab?.document else { return }
        do {
            let count = try document.matches(of: prompt.query).count
            status = "\(count) match\(count == 1 ? "" : "es") \(prompt.query.flags)"
        } catch {
            status = error.message
        }
    }

    /// Enter in Find: selects the next match, counting, and stays open for the one after.
    func findNext(_ prompt: Prompt) {
        var prompt = prompt
        prompt.preselected = false
        overlay = .prompt(prompt)
        guard let tab = activeTab else { return }
        lastFind = prompt.query
        let document = tab.document
        do {
            guard let found = try document.find(prompt.query, from: document.selection?.upperBound ?? document.cursor) else {
                return status = "'\(prompt.text)' not found."
            }
            select(found.match, in: tab)
            status = "\(found.index + 1) of \(found.count)" + (found.wrapped ? " — wrapped to the top" : "") + "  (line \(found.match.lowerBound.line + 1))"
        } catch {
            status = error.message
        }
    }

    /// Enter in "Replace with": replaces the selected match (or finds the first), then selects the next.
    func replaceCurrent(_ query: FindQuery, with prompt: Prompt) {
        overlay = .prompt(prompt)
        guard let tab = activeTab else { return }
        let document = tab.document
        do {
            var from = document.cursor
            if let selection = document.selection, try document.matches(of: query).contains(selection) {
                from = try document.replace(match: selection, of: query, with: prompt.text)
                documentChanged()
            }
            guard let next = try document.find(query, from: from) else {
                document.anchor = nil
                return status = "No more matches of '\(query.text)'."
            }
            select(next.match, in: tab)
            status = "Replace this one? \(next.index + 1) of \(next.count)" + (next.wrapped ? " — wrapped to the top" : "")
        } catch {
            status = error.message
        }
    }

    /// Alt-A in "Replace with": every match at once, one undo step.
    func replaceAll(_ query: FindQuery, with replacement: String) {
        overlay = nil
        guard let tab = activeTab else { return }
        do {
            let count = try tab.document.replaceAll(query, with: replacement)
            status = "Replaced \(count) occurrence\(count == 1 ? "" : "s") of '\(query.text)'."
            if count > 0 {
                editorView(for: tab).revealCursor()
                documentChanged()
            }
        } catch {
            status = error.message
        }
    }

    private func select(_ match: Range<TextPosition>, in tab: EditorTab) {
        tab.document.anchor = match.lowerBound
        tab.document.cursor = match.upperBound
        tab.goalColumn = nil
        editorView(for: tab).revealCursor()
    }

    // MARK: Find in project

    /// Every match in every project file (unsaved buffers as edited), listed to jump to.
    func findInProject(_ query: FindQuery) {
        lastFind = query
        var hits: [SearchHit] = []
        do {
            for path in tree.allFiles {
                let text: String
                if let tab = tabs.first(where: { $0.document.path == path }) {
                    text = tab.document.text
                } else {
                    guard let data = FileManager.default.contents(atPath: absolutePath(path)), data.count < 4_000_000,
                          !data.contains(0) else { continue }  // binary or huge: not searched
                    text = String(decoding: data, as: UTF8.self)
                }
                let document = EditorDocument(path: path, text: text)
                for match in try document.matches(of: query) {
                    hits.append(SearchHit(path: path, position: match.lowerBound,
                                          line: document.line(match.lowerBound.line).trimmingCharacters(in: .whitespaces)))
                }
            }
        } catch {
            return status = error.message
        }
        guard !hits.isEmpty else {
            overlay = nil
            return status = "'\(query.text)' is nowhere in the project."
        }
        overlay = .searchResults(SearchResults(query: query, hits: hits))
    }

    func searchResultsKey(_ key: Key, _ results: SearchResults) {
        var results = results
        switch key {
        case .up: results.selected = max(0, results.selected - 1)
        case .down: results.selected = min(results.hits.count - 1, results.selected + 1)
        case .pageUp: results.selected = max(0, results.selected - 10)
        case .pageDown: results.selected = min(results.hits.count - 1, results.selected + 10)
        case .enter:
            overlay = nil
            let hit = results.hits[results.selected]
            guard let tab = openFile(hit.path) else { return }
            tab.document.anchor = nil
            tab.document.cursor = tab.document.clamp(hit.position)
            editorView(for: tab).revealCursor()
            return
        default: break
        }
        overlay = .searchResults(results)
    }
}

/// One match of a project search.
struct SearchHit {
    var path: String
    var position: TextPosition
    var line: String
}

/// The list Find in project shows.
struct SearchResults {
    var query: FindQuery
    var hits: [SearchHit]
    var selected = 0
}
