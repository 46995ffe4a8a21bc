import Dispatch
import Synchronization

/// How a stopped thread goes on.
public enum ResumeAction: Sendable, Equatable {
    /// Run until the next breakpoint.
    case proceed
    /// Finish the event being applied (or apply the next one) and stop after it; in a script,
    /// its next line.
    case next
    /// In a script, into the call; at the event level the same as `next`.
    case stepIn
    /// In a script, out of the function; at the event level the same as `next`.
    case stepOut

    /// The script's step for this action.
    var scriptStep: ScriptStep {
        switch self {
        case .proceed: .proceed
        case .next: .next
        case .stepIn: .stepIn
        case .stepOut: .stepOut
        }
    }
}

/// Where the engine's thread waits while stopped: it blocks in `wait` until the client's
/// thread calls `resume` (the first call wins; later ones are ignored).
final class StopGate: Sendable {
    private let action = Mutex<ResumeAction?>(nil)
    private let opened = DispatchSemaphore(value: 0)

    func wait() -> ResumeAction {
        opened.wait()
        return action.withLock { $0 ?? .proceed }
    }

    func resume(_ next: ResumeAction) {
        let first = action.withLock { current -> Bool in
            guard current == nil else { return false }
            current = next
            return true
        }
        if first { opened.signal() }
    }
}
