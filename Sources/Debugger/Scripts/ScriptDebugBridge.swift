import Engine
import EngineProtocol
import Foundation
import Synchronization

/// The script debugger inside the confined workers (Engine's `ScriptDebugger`) as the DAP
/// session's `ScriptDebugBackend`: breakpoints go to it by project-relative script path, and
/// each script stop comes back as a `ScriptStopControl` shown above the event it runs in.
///
/// Clients name scripts by absolute path (an editor's file) or project-relative path
/// (`featide debug`); the engine runs a deployed copy, so a path is matched to a script of
/// the project by its relative path's suffix, and stack frames answer with the client's path.
public final class ScriptDebugBridge: ScriptDebugBackend, ScriptDebugHook, @unchecked Sendable {
    public let scripts = ScriptDebugger()
    private let events: EventDebugger
    /// The client's path for each relative path it set breakpoints in, and breakpoint ids.
    private let paths = Mutex<(byRelative: [String: String], ids: [String: [Int]], nextID: Int)>(([:], [:], 1_000_000))

    public init(events: EventDebugger) {
        self.events = events
        scripts.hook = self
    }

    public var exceptionFilters: [ExceptionBreakpointsFilter] {
        [ExceptionBreakpointsFilter(filter: "raised", label: "Raised exceptions", description: "Stop where any exception is raised, caught or not", default: false),
         ExceptionBreakpointsFilter(filter: "uncaught", label: "Uncaught exceptions", description: "Stop where a script fails, before its fallback is used", default: false)]
    }

    public func setBreakpoints(source: Source, _ breakpoints: [SourceBreakpoint]) -> [Breakpoint] {
        let given = source.path ?? source.name ?? ""
        let file = Self.relativeScriptPath(given)
        let ids = paths.withLock { p -> [Int] in
            p.byRelative[file] = given
            let ids = breakpoints.indices.map { p.nextID + $0 }
            p.nextID += breakpoints.count
            p.ids[file] = ids
            return ids
        }
        let states = scripts.setBreakpoints(file: file, breakpoints.map {
            ScriptBreakpoint(line: $0.line, condition: $0.condition, hitCondition: $0.hitCondition, logMessage: $0.logMessage)
        })
        return zip(ids, states).map { id, state in
            Breakpoint(id: id, verified: state.verified, message: state.message, source: source, line: state.line)
        }
    }

    public func setExceptionBreakpoints(filters: [String]) {
        scripts.setExceptionBreakpoints(raised: filters.contains("raised"), uncaught: filters.contains("uncaught"))
    }

    public func pause() { scripts.pause() }

    // MARK: ScriptDebugHook (engine thread)

    public func scriptStopped(_ stop: ScriptStop) {
        let clientPath = paths.withLock { $0.byRelative }
        events.scriptStopped(StoppedScript(stop, clientPaths: clientPath))
    }

    /// Breakpoints set before their script loaded are bound now: the client hears which.
    public func breakpointsBound(file: String, _ states: [BreakpointState]) {
        let (ids, path) = paths.withLock { ($0.ids[file] ?? [], $0.byRelative[file] ?? file) }
        for (id, state) in zip(ids, states) {
            let breakpoint = Breakpoint(id: id, verified: state.verified, message: state.message,
                                        source: Source(name: (file as NSString).lastPathComponent, path: path), line: state.line)
            events.sendToClient(DAPEvent(event: "breakpoint", body: BreakpointEventBody(reason: "changed", breakpoint: breakpoint)))
        }
    }

    /// A logpoint's message: an `output` event at its place in the script.
    public func logpoint(_ record: LogRecord) {
        let place = ScriptLogSource(record.source)
        let file = place?.path ?? ""
        let line = place?.line ?? 0
        let path = paths.withLock { $0.byRelative[file] ?? file }
        events.sendToClient(DAPEvent(event: "output", body: OutputBody(
            category: "console", output: record.message + "\n",
            source: Source(name: (file as NSString).lastPathComponent, path: path), line: line)))
    }

    /// `/home/me/shop/scripts/coupon.py` → `scripts/coupon.py`: from the last folder named
    /// like a project's script folder, else the path as given (already relative).
    static func relativeScriptPath(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        if let range = path.range(of: "/scripts/", options: .backwards) { return "scripts/" + path[range.upperBound...] }
        return (path as NSString).lastPathComponent
    }
}

/// One stopped script as the session sees it.
final class StoppedScript: ScriptStopControl, @unchecked Sendable {
    private let stop: ScriptStop
    private let clientPaths: [String: String]

    init(_ stop: ScriptStop, clientPaths: [String: String]) {
        self.stop = stop
        self.clientPaths = clientPaths
    }

    var reason: String { stop.reason.rawValue }
    /// Said beside the reason, unless it only repeats it (a step).
    var description: String? {
        let text = stop.exceptionText ?? stop.description
        return text == reason || text.isEmpty ? nil : text
    }

    func stackTrace() -> [StackFrame] {
        ((try? stop.stackTrace()) ?? []).map { frame in
            StackFrame(id: frame.id, name: frame.name,
                       source: Source(name: (frame.file as NSString).lastPathComponent, path: clientPaths[frame.file] ?? frame.file),
                       line: frame.line, column: 1)
        }
    }

    func scopes(frameId: Int) -> [Scope] {
        ((try? stop.scopes(frameID: frameId)) ?? []).map {
            Scope(name: $0.name, variablesReference: $0.variablesReference, namedVariables: $0.namedVariables)
        }
    }

    func variables(reference: Int, start: Int?, count: Int?) -> [Variable] {
        ((try? stop.variables(reference: reference, start: start ?? 0, count: count ?? 0)) ?? []).map(Self.variable)
    }

    func evaluate(_ expression: String, frameId: Int?) -> Result<Variable, ScriptDebugError> {
        do { return .success(Self.variable(try stop.evaluate(expression, frameID: frameId))) } catch {
            return .failure(ScriptDebugError(error.description))
        }
    }

    func setVariable(reference: Int, name: String, value: String) -> Result<Variable, ScriptDebugError> {
        do { return .success(Self.variable(try stop.setVariable(reference: reference, name: name, value: value))) } catch {
            return .failure(ScriptDebugError(error.description))
        }
    }

    func resume(_ step: ScriptStep) {
        let action: ScriptResumeAction = switch step {
        case .proceed: .continue
        case .next: .next
        case .stepIn: .stepIn
        case .stepOut: .stepOut
        }
        try? stop.resume(action)
    }

    private static func variable(_ v: ScriptVariable) -> Variable {
        Variable(name: v.name, value: v.value, type: v.type, variablesReference: v.variablesReference,
                 namedVariables: v.namedVariables > 0 ? v.namedVariables : nil, indexedVariables: v.indexedVariables > 0 ? v.indexedVariables : nil)
    }
}
