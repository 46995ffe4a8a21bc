/// A dialog over the panes. Only one at a time; Esc closes it.
enum Overlay {
    case palette(PaletteState)
    case help(scroll: Int)
    case prompt(Prompt)
    case confirm(Confirmation)
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
        case find, replaceFind, replaceWith(String), goToLine
        /// File management (Workbench+FileManagement): the text is a project-relative path.
        case newFile, newFolder, rename(String), saveAs(String)
    }

    var purpose: Purpose
    var text: String

    var label: String {
        switch purpose {
        case .find: return "Find (Enter: next, Esc: close):"
        case .replaceFind: return "Replace all — find:"
        case .replaceWith(let query): return "Replace all '\(query)' with:"
        case .goToLine: return "Go to line[:column]:"
        case .newFile: return "New file:"
        case .newFolder: return "New folder:"
        case .rename(let path): return "Rename \(path) to:"
        case .saveAs: return "Save as:"
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
