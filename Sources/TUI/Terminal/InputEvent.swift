/// A key press as the workbench sees it, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, e.g. `.control("s")` for Ctrl-S.
    case control(Character)
    /// Alt (Meta) plus a character: the terminal sends Esc then the character.
    case alt(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown
    case shiftUp, shiftDown, shiftLeft, shiftRight, shiftHome, shiftEnd
    case controlLeft, controlRight, controlHome, controlEnd
    case controlShiftLeft, controlShiftRight, altUp, altDown
    case function(Int)

    /// How help and hint bars write the key.
    public var label: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let c): return String(c)
        case .control(let c): return "Ctrl-\(c.uppercased())"
        case .alt(let c): return "Alt-\(c.uppercased())"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        case .escape: return "Esc"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .shiftUp: return "Shift-↑"
        case .shiftDown: return "Shift-↓"
        case .shiftLeft: return "Shift-←"
        case .shiftRight: return "Shift-→"
        case .shiftHome: return "Shift-Home"
        case .shiftEnd: return "Shift-End"
        case .controlLeft: return "Ctrl-←"
        case .controlRight: return "Ctrl-→"
        case .controlHome: return "Ctrl-Home"
        case .controlEnd: return "Ctrl-End"
        case .controlShiftLeft: return "Ctrl-Shift-←"
        case .controlShiftRight: return "Ctrl-Shift-→"
        case .altUp: return "Alt-↑"
        case .altDown: return "Alt-↓"
        case .function(let n): return "F\(n)"
        }
    }
}

/// A mouse action at a screen cell.
public struct MouseEvent: Hashable, Sendable {
    /// `drag`: moved with the button held; `doubleClick`: a second press at the same cell soon after.
    public enum Action: Hashable, Sendable { case press, drag, doubleClick, wheelUp, wheelDown }
    public var action: Action
    public var position: Point

    public init(_ action: Action, at position: Point) {
        self.action = action
        self.position = position
    }
}

/// Everything the terminal can tell the UI loop.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// Text that arrived between bracketed-paste markers: inserted as is, never run as keys.
    case paste(String)
    case resize(Size)
}
