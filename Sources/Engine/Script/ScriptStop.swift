import ScriptWire
import Synchronization

/// A script stopped in its worker. The engine thread waits (its pipeline paused, the call's
/// deadline suspended) until `resume` is called — from any thread: every method talks to the
/// worker's debug socket, never to the engine's channel. Frame ids and variable references
/// are valid only while this stop lasts; after `resume` (or the worker's death, which ends
/// the call as a crash) `isResumed` is true and every method fails.
public final class ScriptStop: Sendable {
    /// The script, as its project names it (`scripts/coupon.py`).
    public let file: String
    public let reason: ScriptStopReason
    public let line: Int
    /// `breakpoint at line 4`, `raised KeyError: 'x'`, `paused`, a condition that failed.
    public let description: String
    /// `TypeName: message` of the exception stopped at.
    public let exceptionText: String?
    private let port: WorkerDebugPort
    private let resumed = Atomic<Bool>(false)

    /// Inspection that hangs (a `repr` stuck in C) kills the worker after this long.
    static let inspectionPatience: UInt64 = 5_000_000_000

    init(file: String, reason: ScriptStopReason, line: Int, description: String, exceptionText: String?, port: WorkerDebugPort) {
        self.file = file
        self.reason = reason
        self.line = line
        self.description = description
        self.exceptionText = exceptionText
        self.port = port
    }

    public var isResumed: Bool { resumed.load(ordering: .acquiring) }

    func markResumed() { resumed.store(true, ordering: .releasing) }

    /// Script frames only (never the sandbox's or the worker's), innermost first.
    public func stackTrace() throws(ScriptDebugError) -> [ScriptStackFrame] {
        try ask(.stackTrace) { reader throws(WireError) in
            try (0..<reader.u32()).map { _ throws(WireError) in
                ScriptStackFrame(id: Int(try reader.i64()), name: try reader.string(), file: file, line: Int(try reader.i64()))
            }
        }
    }

    public func scopes(frameID: Int) throws(ScriptDebugError) -> [ScriptScope] {
        try ask(.scopes, { $0.i64(Int64(frameID)) }) { reader throws(WireError) in
            try (0..<reader.u32()).map { _ throws(WireError) in
                ScriptScope(name: try reader.string(), variablesReference: Int(try reader.i64()), namedVariables: Int(try reader.i64()))
            }
        }
    }

    /// The parts of `reference` from `start`; `count` 0 means all the rest.
    public func variables(reference: Int, start: Int = 0, count: Int = 0) throws(ScriptDebugError) -> [ScriptVariable] {
        try ask(.variables, { $0.i64(Int64(reference)); $0.i64(Int64(start)); $0.i64(Int64(count)) }) { reader throws(WireError) in
            try (0..<reader.u32()).map { _ throws(WireError) in try Self.variable(&reader) }
        }
    }

    /// Evaluates a Python expression in frame `frameID` (nil: the script's globals), under the
    /// script's sandbox; its value's `repr` and a reference to expand it.
    public func evaluate(_ expression: String, frameID: Int?) throws(ScriptDebugError) -> ScriptVariable {
        try ask(.evaluate, { $0.string(expression); $0.i64(Int64(frameID ?? 0)) }) { reader throws(WireError) in
            try Self.variable(&reader)
        }
    }

    /// Sets `name` under `reference` (a frame's locals, the globals, a dict or list) to the
    /// value of the Python expression `value`.
    public func setVariable(reference: Int, name: String, value: String) throws(ScriptDebugError) -> ScriptVariable {
        try ask(.setVariable, { $0.i64(Int64(reference)); $0.string(name); $0.string(value) }) { reader throws(WireError) in
            try Self.variable(&reader)
        }
    }

    /// Lets the script go on; the engine thread continues once the worker says it runs again.
    public func resume(_ action: ScriptResumeAction) throws(ScriptDebugError) {
        let raw: WireDebugResume = switch action {
        case .continue: .continue
        case .next: .next
        case .stepIn: .stepIn
        case .stepOut: .stepOut
        }
        try ask(.resume, { $0.u8(raw.rawValue) }) { (_: inout WireReader) throws(WireError) in }
        markResumed()
    }

    private func ask<T>(_ kind: WireDebugRequest, _ fields: (inout WireWriter) -> Void = { _ in },
                        _ reply: (inout WireReader) throws(WireError) -> T) throws(ScriptDebugError) -> T {
        guard !isResumed else { throw ScriptDebugError("the script is no longer stopped here") }
        return try port.request(kind, .kill(Self.inspectionPatience), fields: fields, reply: reply).get()
    }

    private static func variable(_ reader: inout WireReader) throws(WireError) -> ScriptVariable {
        ScriptVariable(name: try reader.string(), value: try reader.string(), type: try reader.string(),
                       variablesReference: Int(try reader.i64()), namedVariables: Int(try reader.i64()),
                       indexedVariables: Int(try reader.i64()))
    }
}
