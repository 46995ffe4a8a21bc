import Foundation

/// A dialog over the panes. Only one at a time; Esc closes it.
enum Overlay {
    case palette(PaletteState)
    case help(scroll: Int)
    case prompt(Prompt)
    case confirm(Confirmation)
    case searchResults(SearchResults)
}

struct PaletteState {
    enum Item: Equatable {
        case command(WorkbenchCommand)
        case file(String)
    }

    var query = ""
    var selected = 0
}

/// A one-line input at the bottom of the editor.
struct Prompt {
    enum Purpose: Equatable {
        case find, replaceFind, replaceWith(FindQuery), goToLine, findInProject
        /// File management (Workbench+FileManagement): the text is a project-relative path.
        case newFile, newFolder, rename(String), saveAs(String)
        /// The Logs pane's regex filter.
        case logFilter
        /// The Debug pane: evaluate once in the top frame, or watch at every stop.
        case evaluate, watch
        /// A script line's condition, hit count or log message (Shift-F9).
        case breakpointOptions(path: String, line: Int)
    }

    var purpose: Purpose
    var text: String
    /// The pre-filled text is selected: typing replaces it, a move keeps it.
    var preselected = false
    /// Find's toggles (Alt-C case, Alt-W whole word, Alt-R regex).
    var options = FindQuery(text: "")

    /// The query typed so far with the toggles.
    var query: FindQuery {
        var query = options
        query.text = text
        return query
    }

    var takesFindOptions: Bool {
        switch purpose {
        case .find, .replaceFind, .findInProject: return true
        default: return false
        }
    }

    var label: String {
        switch purpose {
        case .find: return "Find \(options.flags):"
        case .replaceFind: return "Replace \(options.flags) — find:"
        case .replaceWith(let query): return "Replace '\(query.text)' with (Enter: this one, Alt-A: all):"
        case .findInProject: return "Find in project \(options.flags):"
        case .goToLine: return "Go to line[:column]:"
        case .newFile: return "New file:"
        case .newFolder: return "New folder:"
        case .rename(let path): return "Rename \(path) to:"
        case .saveAs: return "Save as:"
        case .logFilter: return "Show log records matching (regex, empty: all):"
        case .evaluate: return "Evaluate in the stopped frame:"
        case .watch: return "Watch (evaluated at every stop):"
        case .breakpointOptions(let path, let line):
            return "Break at \((path as NSString).lastPathComponent):\(line) if (condition, hit >=2, log text {x}):"
        }
    }
}

/// A question with one-key answers.
struct Confirmation {
    enum Action: Equatable {
        case saveAllAndQuit, discardAllAndQuit
        case recoverSwaps, discardSwaps
        case overwriteDisk(String), reloadFromDisk(String)
        case saveAndClose(String), discardAndClose(String)
        case goToProblem(Int)
        case delete(String), createProject
        case deploy, rollBack(Int)
        case cancel
    }

    struct Choice {
        var key: Character
        var label: String
        var action: Action
    }

    var title: String
    var lines: [String]
    var choices: [Choice]
}
