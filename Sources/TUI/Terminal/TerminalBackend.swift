/// Where a frame goes and where input comes from. Exactly one implementation talks to
/// ncurses (`NcursesBackend`); tests use `TextBackend`.
public protocol TerminalBackend: AnyObject {
    var size: Size { get }
    /// Shows a frame and places the hardware cursor (hidden when nil).
    func present(_ buffer: CellBuffer, cursor: Point?)
    /// Waits up to `timeoutMilliseconds` (or until `wakeDescriptor` becomes readable) and
    /// returns whatever input arrived, possibly nothing.
    func waitForInput(timeoutMilliseconds: Int32, wakeDescriptor: Int32) -> [InputEvent]
    /// Sends a control string the cell model cannot express (OSC 52 clipboard).
    func sendControlSequence(_ sequence: String)
}
