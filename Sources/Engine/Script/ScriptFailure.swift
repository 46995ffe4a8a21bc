/// Why a script gave no usable result, and where: the engine logs it and uses the fallback.
public struct ScriptFailure: Error, Sendable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The script raised.
        case exception
        /// It ran over its time budget and was stopped.
        case budget
        /// It reached for something outside the sandbox (a module, a builtin, an attribute).
        case sandbox
        /// It ran into the interpreter's memory cap.
        case memory
        /// It does not compile.
        case syntax
        /// It cannot be read, or lacks the function the engine calls.
        case load
        /// It returned something the engine cannot use.
        case result
        /// The worker process running it died (a segfault in C code, an abort, the memory
        /// wall); the engine replaced it.
        case crash
    }

    public var reason: Reason
    /// Project-relative path, e.g. `scripts/coupon.py`.
    public var script: String
    /// 0 when no line is to blame (an unreadable file).
    public var line: Int
    public var column: Int?
    public var message: String
    public var traceback: String?

    /// `scripts/coupon.py:14` (with `:col` when known).
    public var location: String {
        guard line > 0 else { return script }
        return column.map { "\(script):\(line):\($0)" } ?? "\(script):\(line)"
    }

    public var description: String { "\(location): \(reason.rawValue): \(message)" }
}
