#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Puts the terminal back as we found it on every way out: normal exit, fatal signals and
/// crashes (Swift traps raise SIGILL/SIGTRAP). The signal path uses only async-signal-safe
/// calls (`write`, `tcsetattr`), so it works even when the process is half broken.
enum TerminalRestorer {
    /// Turns off what `NcursesBackend` turned on: bracketed paste, mouse reporting, the
    /// alternate screen; shows the cursor and resets colours.
    static let resetSequence = "\u{1b}[?2004l\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l"

    static let fatalSignals: [Int32] = [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Saves the terminal mode before ncurses changes it and installs the handlers.
    /// Called once on the UI thread before `initscr`, so ncurses keeps our handlers.
    static func install() {
        guard tcgetattr(STDIN_FILENO, &RestorerState.saved) == 0 else { return }
        RestorerState.hasSaved = true
        RestorerState.sequence = Array(resetSequence.utf8)
        for signalNumber in fatalSignals {
            signal(signalNumber) { received in
                TerminalRestorer.restoreFromSignal()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Async-signal-safe: raw writes and `tcsetattr` only.
    static func restoreFromSignal() {
        RestorerState.sequence.withUnsafeBytes { bytes in
            _ = write(STDOUT_FILENO, bytes.baseAddress, bytes.count)
        }
        if RestorerState.hasSaved { _ = tcsetattr(STDIN_FILENO, TCSANOW, &RestorerState.saved) }
    }

    /// After a clean `endwin`: hand the default handlers back.
    static func uninstall() {
        for signalNumber in fatalSignals { signal(signalNumber, SIG_DFL) }
    }
}

/// Written once before the handlers exist and only read inside them, so plain globals are safe.
private enum RestorerState {
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var hasSaved = false
    nonisolated(unsafe) static var sequence: [UInt8] = []
}
