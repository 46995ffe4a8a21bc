import CNcurses
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one type that talks to ncurses: starts and restores the terminal, draws frames cell by
/// cell (only the cells that changed), and turns `get_wch` results into `InputEvent`s.
public final class NcursesBackend: TerminalBackend {
    public private(set) var size: Size
    /// False on terminals with fewer than 256 colours; the theme falls back to attributes.
    public let supports256Colors: Bool
    private var previousFrame: CellBuffer?
    private var colorPairs: [ColorPairKey: Int16] = [:]
    private var pasteText: String?
    private var isRunning = true

    private struct ColorPairKey: Hashable {
        var foreground: Color
        var background: Color
    }

    // Key codes we teach ncurses for sequences terminfo does not name.
    private enum CustomKey {
        static let pasteStart: Int32 = 1001
        static let pasteEnd: Int32 = 1002
        static let controlLeft: Int32 = 1003
        static let controlRight: Int32 = 1004
        static let controlHome: Int32 = 1005
        static let controlEnd: Int32 = 1006
        static let shiftUp: Int32 = 1007
        static let shiftDown: Int32 = 1008
        static let controlShiftLeft: Int32 = 1009
        static let controlShiftRight: Int32 = 1010
        static let altUp: Int32 = 1011
        static let altDown: Int32 = 1012
    }
    /// The last button press, to tell a double click (same cell within `doubleClickTime`).
    private var lastPress: (position: Point, time: ContinuousClock.Instant)?
    private var buttonDown = false
    private static let doubleClickTime = Duration.milliseconds(400)

    public init() {
        TerminalRestorer.install()
        setlocale(LC_ALL, "")
        set_escdelay(25)
        initscr()
        raw()
        noecho()
        nonl()
        keypad(featide_stdscr(), true)
        nodelay(featide_stdscr(), true)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        supports256Colors = has_colors() && featide_colors() >= 256
        mouseinterval(0)
        mousemask(featide_all_mouse_events(), nil)
        define_key("\u{1b}[200~", CustomKey.pasteStart)
        define_key("\u{1b}[201~", CustomKey.pasteEnd)
        define_key("\u{1b}[1;5D", CustomKey.controlLeft)
        define_key("\u{1b}[1;5C", CustomKey.controlRight)
        define_key("\u{1b}[1;5H", CustomKey.controlHome)
        define_key("\u{1b}[1;5F", CustomKey.controlEnd)
        define_key("\u{1b}[1;2A", CustomKey.shiftUp)
        define_key("\u{1b}[1;2B", CustomKey.shiftDown)
        define_key("\u{1b}[1;6D", CustomKey.controlShiftLeft)
        define_key("\u{1b}[1;6C", CustomKey.controlShiftRight)
        define_key("\u{1b}[1;3A", CustomKey.altUp)
        define_key("\u{1b}[1;3B", CustomKey.altDown)
        size = Size(width: Int(featide_cols()), height: Int(featide_lines()))
        sendControlSequence("\u{1b}[?2004h")
        // Button-event tracking (1002): moves with a button held arrive, for drag selection.
        sendControlSequence("\u{1b}[?1002h")
    }

    deinit { shutdown() }

    /// Restores the terminal; safe to call more than once.
    public func shutdown() {
        guard isRunning else { return }
        isRunning = false
        sendControlSequence("\u{1b}[?1002l")
        sendControlSequence("\u{1b}[?2004l")
        mousemask(0, nil)
        endwin()
        TerminalRestorer.uninstall()
    }

    public func present(_ buffer: CellBuffer, cursor: Point?) {
        let full = previousFrame?.size != buffer.size
        if full { wclear(featide_stdscr()) }
        for y in 0..<buffer.size.height {
            for x in 0..<buffer.size.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !full, let previous = previousFrame, previous[x, y] == cell { continue }
                draw(cell, x: x, y: y)
            }
        }
        previousFrame = buffer
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < buffer.size.width, cursor.y < buffer.size.height {
            curs_set(1)
            wmove(featide_stdscr(), Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        wrefresh(featide_stdscr())
    }

    private func draw(_ cell: Cell, x: Int, y: Int) {
        var characters = cell.character.unicodeScalars.map { wchar_t(truncatingIfNeeded: $0.value) }
        if DisplayWidth.of(cell.character) == 0 { characters = [wchar_t(32)] }
        characters.append(0)
        let pair = colorPair(for: cell.style)
        _ = featide_put_cell(Int32(y), Int32(x), characters, attributes(of: cell.style), pair)
    }

    private func attributes(of style: Style) -> attr_t {
        var result: attr_t = 0
        if style.attributes.contains(.bold) { result |= featide_attr_bold() }
        if style.attributes.contains(.reverse) { result |= featide_attr_reverse() }
        if style.attributes.contains(.underline) { result |= featide_attr_underline() }
        if style.attributes.contains(.dim) { result |= featide_attr_dim() }
        if style.attributes.contains(.italic) { result |= featide_attr_italic() }
        return result
    }

    private func colorPair(for style: Style) -> Int16 {
        guard supports256Colors, style.foreground != .terminalDefault || style.background != .terminalDefault else { return 0 }
        let key = ColorPairKey(foreground: style.foreground, background: style.background)
        if let pair = colorPairs[key] { return pair }
        guard colorPairs.count + 1 < min(Int(featide_color_pairs()), Int(Int16.max)) else { return 0 }
        let pair = Int16(colorPairs.count + 1)
        init_pair(pair, number(of: style.foreground), number(of: style.background))
        colorPairs[key] = pair
        return pair
    }

    private func number(of color: Color) -> Int16 {
        switch color {
        case .terminalDefault: return -1
        case .indexed(let index): return Int16(index)
        }
    }

    public func sendControlSequence(_ sequence: String) {
        let bytes = Array(sequence.utf8)
        bytes.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }

    public func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [InputEvent] {
        var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakeDescriptor, events: Int16(POLLIN), revents: 0)]
        _ = poll(&descriptors, nfds_t(wakeDescriptor >= 0 ? 2 : 1), timeoutMilliseconds)
        // Read even after a timeout or EINTR: ncurses reports SIGWINCH as KEY_RESIZE from get_wch.
        return readAvailableInput()
    }

    private func readAvailableInput() -> [InputEvent] {
        var events: [InputEvent] = []
        while true {
            var character: wint_t = 0
            let status = wget_wch(featide_stdscr(), &character)
            if status == ERR { break }
            if status == KEY_CODE_YES {
                if let event = keyCodeEvent(Int32(character)) { events.append(event) }
            } else if pasteText != nil {
                pasteText!.unicodeScalars.append(Unicode.Scalar(UInt32(character)) ?? " ")
            } else if let event = characterEvent(UInt32(character)) {
                events.append(event)
            }
        }
        return events.map { event in
            if case .paste(let text) = event { return .paste(text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")) }
            return event
        }
    }

    private func characterEvent(_ code: UInt32) -> InputEvent? {
        switch code {
        case 13, 10: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 27:
            var next: wint_t = 0
            let status = wget_wch(featide_stdscr(), &next)
            if status == OK, next >= 32, next != 127, let scalar = Unicode.Scalar(UInt32(next)) {
                return .key(.alt(Character(scalar)))
            }
            return .key(.escape)
        case 0: return .key(.control(" "))
        case 1...26: return .key(.control(Character(Unicode.Scalar(code + 96)!)))
        case 31: return .key(.control("/"))  // what terminals send for Ctrl-/ (and Ctrl-_)
        case 28...30: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    private func keyCodeEvent(_ code: Int32) -> InputEvent? {
        switch code {
        case CustomKey.pasteStart:
            pasteText = ""
            return nil
        case CustomKey.pasteEnd:
            defer { pasteText = nil }
            return pasteText.map { .paste($0) }
        case KEY_RESIZE:
            size = Size(width: Int(featide_cols()), height: Int(featide_lines()))
            return .resize(size)
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            let position = Point(x: Int(event.x), y: Int(event.y))
            if event.bstate & featide_wheel_up() != 0 { return .mouse(MouseEvent(.wheelUp, at: position)) }
            if featide_wheel_down() != 0, event.bstate & featide_wheel_down() != 0 { return .mouse(MouseEvent(.wheelDown, at: position)) }
            if event.bstate & featide_button1_released() != 0 {
                buttonDown = false
                return nil
            }
            if event.bstate & (featide_button1_pressed() | featide_button1_clicked()) != 0 {
                buttonDown = true
                let now = ContinuousClock.now
                defer { lastPress = (position, now) }
                if let last = lastPress, last.position == position, now - last.time < Self.doubleClickTime {
                    lastPress = nil
                    return .mouse(MouseEvent(.doubleClick, at: position))
                }
                return .mouse(MouseEvent(.press, at: position))
            }
            if buttonDown, event.bstate & featide_report_mouse_position() != 0 { return .mouse(MouseEvent(.drag, at: position)) }
            return nil
        default:
            return namedKey(code).map { .key($0) }
        }
    }

    private func namedKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_SR, CustomKey.shiftUp: return .shiftUp
        case KEY_SF, CustomKey.shiftDown: return .shiftDown
        case KEY_SHOME: return .shiftHome
        case KEY_SEND: return .shiftEnd
        case CustomKey.controlLeft: return .controlLeft
        case CustomKey.controlRight: return .controlRight
        case CustomKey.controlHome: return .controlHome
        case CustomKey.controlEnd: return .controlEnd
        case CustomKey.controlShiftLeft: return .controlShiftLeft
        case CustomKey.controlShiftRight: return .controlShiftRight
        case CustomKey.altUp: return .altUp
        case CustomKey.altDown: return .altDown
        default:
            for n in 1...12 where code == featide_key_f(Int32(n)) { return .function(n) }
            return nil
        }
    }
}
