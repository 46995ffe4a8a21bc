import Engine
import EngineProtocol
import Foundation

/// One client connection of the debug adapter: authentication, then requests → the
/// `EventDebugger` → responses. Runs on the adapter's event loop; `send` may be called from
/// any thread (the engine's sends `stopped`), and hops to that loop so messages are
/// numbered in the order they go out.
final class DAPSession: @unchecked Sendable {
    let id: Int
    private let debugger: EventDebugger
    private let token: String
    private let engine: DebuggedEngine
    private let scripts: ScriptDebugBackend?
    /// Writes one framed body; set by the connection (loop only).
    private let write: @Sendable (Data) -> Void
    private let onLoop: @Sendable (@escaping @Sendable () -> Void) -> Void
    private let close: @Sendable () -> Void

    // Loop only.
    private var seq = 0
    private var attached = false
    private var scenario: String?
    /// Scripts with line breakpoints, and whether exception breakpoints are on.
    private var scriptsWithBreakpoints: Set<String> = []
    private var exceptionFiltersOn = false

    init(id: Int, debugger: EventDebugger, token: String, engine: DebuggedEngine, scripts: ScriptDebugBackend?,
         write: @escaping @Sendable (Data) -> Void, onLoop: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void,
         close: @escaping @Sendable () -> Void) {
        self.id = id
        self.debugger = debugger
        self.token = token
        self.engine = engine
        self.scripts = scripts
        self.write = write
        self.onLoop = onLoop
        self.close = close
    }

    /// Sends a message from any thread.
    func send(_ message: any DAPOutgoing) {
        onLoop { [self] in
            seq += 1
            var numbered = message
            numbered.seq = seq
            write(numbered.encoded())
        }
    }

    /// The connection closed: a client that vanishes resumes the engine, breakpoints cleared.
    func closed() {
        if attached { debugger.disconnect(clientID: id) }
    }

    /// A frame or body the adapter cannot read. With no request to answer (a response needs
    /// the request's `seq`), the client hears of it as an `important` output event.
    func refuseMalformed(_ why: String) {
        send(DAPEvent(event: "output", body: OutputBody(category: "important", output: "the debug adapter could not read a message: \(why)\n")))
    }

    // MARK: requests (loop)

    func handle(_ body: Data) {
        let request: DAPIncoming
        do { request = try JSONDecoder().decode(DAPIncoming.self, from: body) } catch {
            return refuseMalformed("not a DAP message (JSON with seq and type): \(error is DecodingError ? "cannot decode it" : "\(error)")")
        }
        guard request.type == "request", let command = request.command, request.seq > 0 else {
            return refuseMalformed("only requests (type \"request\", a command, seq from 1) are expected from a client")
        }
        guard attached || command == "initialize" || command == "attach" else {
            return fail(request, "not attached: send attach with the engine's token (its state folder's token file) first")
        }
        do { try dispatch(command, request, body) } catch let error as DecodingError {
            fail(request, "\(command): the arguments are not what was expected: \(Self.describe(error))")
        } catch {
            fail(request, "\(command): \(error)")
        }
    }

    private func dispatch(_ command: String, _ request: DAPIncoming, _ body: Data) throws {
        func arguments<A: Decodable>(_ type: A.Type) throws -> A {
            guard let arguments = try JSONDecoder().decode(DAPArgumentsEnvelope<A>.self, from: body).arguments else {
                throw DecodingError.valueNotFound(A.self, .init(codingPath: [], debugDescription: "no arguments"))
            }
            return arguments
        }
        switch command {
        case "initialize": respond(request, Self.capabilities(scripts))
        case "attach": attach(request, try arguments(AttachArguments.self))
        case "configurationDone":
            respond(request, NoBody?.none)
            if let scenario { play(scenario) }
        case "setFunctionBreakpoints":
            respond(request, BreakpointsBody(breakpoints: debugger.setFunctionBreakpoints(try arguments(SetFunctionBreakpointsArguments.self).breakpoints)))
        case "dataBreakpointInfo":
            let args = try arguments(DataBreakpointInfoArguments.self)
            respond(request, debugger.dataBreakpointInfo(name: args.name, reference: args.variablesReference))
        case "setDataBreakpoints":
            respond(request, BreakpointsBody(breakpoints: debugger.setDataBreakpoints(try arguments(SetDataBreakpointsArguments.self).breakpoints)))
        case "setBreakpoints":
            let args = try arguments(SetBreakpointsArguments.self)
            let lines = args.breakpoints ?? []
            guard let scripts else {
                return respond(request, BreakpointsBody(breakpoints: lines.map {
                    Breakpoint(id: nil, verified: false, message: "script breakpoints need the script debugger, which this engine does not have yet",
                               source: args.source, line: $0.line)
                }))
            }
            let script = args.source.path ?? args.source.name ?? ""
            if lines.isEmpty { scriptsWithBreakpoints.remove(script) } else { scriptsWithBreakpoints.insert(script) }
            debugger.scriptsHaveBreakpoints(!scriptsWithBreakpoints.isEmpty || exceptionFiltersOn)
            respond(request, BreakpointsBody(breakpoints: scripts.setBreakpoints(source: args.source, lines)))
        case "setExceptionBreakpoints":
            let filters = try arguments(SetExceptionBreakpointsArguments.self).filters
            if let scripts {
                scripts.setExceptionBreakpoints(filters: filters)
                exceptionFiltersOn = !filters.isEmpty
                debugger.scriptsHaveBreakpoints(!scriptsWithBreakpoints.isEmpty || exceptionFiltersOn)
            }
            respond(request, NoBody?.none)
        case "threads": respond(request, ThreadsBody(threads: debugger.threads))
        case "stackTrace": stackTrace(request, try arguments(StackTraceArguments.self))
        case "scopes":
            let frame = try arguments(ScopesArguments.self).frameId
            if let script = debugger.currentStop?.script, let id = ScriptReferences.local(frame) {
                return respond(request, ScopesBody(scopes: script.scopes(frameId: id).map(ScriptReferences.shifted)))
            }
            guard let stop = debugger.currentStop, stop.frames.contains(where: { $0.id == frame }) else {
                return fail(request, "no frame \(frame): the engine is not stopped there")
            }
            respond(request, ScopesBody(scopes: stop.scopes))
        case "variables": variables(request, try arguments(VariablesArguments.self))
        case "evaluate": evaluate(request, try arguments(EvaluateArguments.self))
        case "setVariable": setVariable(request, try arguments(SetVariableArguments.self))
        case "continue":
            _ = try arguments(ThreadArguments.self)
            moved(request, debugger.resume(.proceed), ContinueBody(allThreadsContinued: true))
        case "next", "stepIn", "stepOut":
            // At the event level there is no deeper or shallower step: each applies one event.
            _ = try arguments(ThreadArguments.self)
            moved(request, debugger.resume(command == "next" ? .next : command == "stepIn" ? .stepIn : .stepOut), NoBody?.none)
        case "stepBack", "reverseContinue":
            let thread = try arguments(ThreadArguments.self).threadId
            moved(request, debugger.goBack(thread: thread, toBreakpoint: command == "reverseContinue"), NoBody?.none)
        case "pause":
            _ = try arguments(ThreadArguments.self)
            debugger.pause()
            scripts?.pause()
            respond(request, NoBody?.none)
        case "disconnect":
            debugger.disconnect(clientID: id)
            attached = false
            respond(request, NoBody?.none)
            onLoop { [close] in close() }
        default:
            fail(request, "\(command) is not supported by this debug adapter")
        }
    }

    private func attach(_ request: DAPIncoming, _ args: AttachArguments) {
        guard !attached else { return fail(request, "already attached") }
        guard let given = args.token, EngineToken.matches(given, token) else {
            return fail(request, args.token == nil ? "attach needs the engine's token: pass \"token\" among attach's arguments"
                                                  : "wrong token: read it from the engine's token file")
        }
        let me = EventDebugger.Client(id: id) { [weak self] message in self?.send(message) }
        guard debugger.connect(me) else { return fail(request, "another client is debugging this engine") }
        attached = true
        scenario = args.scenario
        if let scenario = args.scenario, args.stopOnEntry == true { debugger.stopOnEntry(of: "scenario \(scenario)") }
        respond(request, NoBody?.none)
        send(DAPEvent<NoBody>(event: "initialized", body: nil))
    }

    /// The scenario the client attached for, played under the debugger; its output goes to the
    /// client and the session ends with it.
    private func play(_ scenario: String) {
        engine.play(scenario: scenario) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let lines):
                for line in lines { send(DAPEvent(event: "output", body: OutputBody(category: "stdout", output: line + "\n"))) }
            case .failure(let refused):
                send(DAPEvent(event: "output", body: OutputBody(category: "stderr", output: refused.message + "\n")))
            }
            send(DAPEvent(event: "terminated", body: TerminatedBody()))
        }
    }

    private func stackTrace(_ request: DAPIncoming, _ args: StackTraceArguments) {
        guard let stop = debugger.currentStop, stop.threadID == args.threadId else {
            return fail(request, "thread \(args.threadId) is not stopped")
        }
        // A stopped script's frames come first, then the decision and event it runs in.
        let frames = (stop.script?.stackTrace().map(ScriptReferences.shifted) ?? []) + stop.frames
        let start = min(max(args.startFrame ?? 0, 0), frames.count)
        let levels = args.levels ?? 0
        let end = levels > 0 ? min(start + levels, frames.count) : frames.count
        respond(request, StackTraceBody(stackFrames: Array(frames[start..<end]), totalFrames: frames.count))
    }

    private func variables(_ request: DAPIncoming, _ args: VariablesArguments) {
        if let script = debugger.currentStop?.script, let reference = ScriptReferences.local(args.variablesReference) {
            let variables = script.variables(reference: reference, start: args.start, count: args.count)
            return respond(request, VariablesBody(variables: variables.map(ScriptReferences.shifted)))
        }
        guard let stop = debugger.currentStop, let all = stop.variables[args.variablesReference] else {
            return fail(request, "no variables \(args.variablesReference): the engine is not stopped there (it went on since)")
        }
        let start = min(max(args.start ?? 0, 0), all.count)
        let count = args.count ?? 0
        let end = count > 0 ? min(start + count, all.count) : all.count
        respond(request, VariablesBody(variables: Array(all[start..<end])))
    }

    private func evaluate(_ request: DAPIncoming, _ args: EvaluateArguments) {
        guard let stop = debugger.currentStop else { return fail(request, "the engine is not stopped: nothing to evaluate in") }
        // In a stopped script, in its frame (the top one when none is named).
        if let script = stop.script, args.frameId.map({ ScriptReferences.local($0) != nil }) ?? true {
            switch script.evaluate(args.expression, frameId: args.frameId.flatMap(ScriptReferences.local)) {
            case .success(let value):
                let shifted = ScriptReferences.shifted(value)
                respond(request, EvaluateBody(result: shifted.value, type: shifted.type, variablesReference: shifted.variablesReference))
            case .failure(let error): fail(request, error.message)
            }
            return
        }
        switch stop.evaluate(args.expression) {
        case .success(let value): respond(request, EvaluateBody(result: PlainJSON.text(value), type: value.debugTypeName, variablesReference: 0))
        case .failure(let why): fail(request, why.message)
        }
    }

    private func setVariable(_ request: DAPIncoming, _ args: SetVariableArguments) {
        guard let script = debugger.currentStop?.script, let reference = ScriptReferences.local(args.variablesReference) else {
            return fail(request, "only a stopped script's variables can be set")
        }
        switch script.setVariable(reference: reference, name: args.name, value: args.value) {
        case .success(let variable):
            let shifted = ScriptReferences.shifted(variable)
            respond(request, SetVariableBody(value: shifted.value, type: shifted.type, variablesReference: shifted.variablesReference))
        case .failure(let error): fail(request, error.message)
        }
    }

    // MARK: -

    /// Answers a resume or step back; a move within the recording is told as a stop.
    private func moved<Body: Encodable & Sendable>(_ request: DAPIncoming, _ motion: EventDebugger.Motion, _ body: Body?) {
        switch motion {
        case .notStopped(let why): fail(request, why)
        case .resumed: respond(request, body)
        case .shown(let stopped):
            respond(request, body)
            send(DAPEvent(event: "stopped", body: stopped))
        }
    }

    private func respond<Body: Encodable & Sendable>(_ request: DAPIncoming, _ body: Body?) {
        send(DAPResponse(request_seq: request.seq, success: true, command: request.command ?? "", body: body))
    }

    private func fail(_ request: DAPIncoming, _ message: String) {
        send(DAPResponse<ErrorBody>.failure(to: request, message))
    }

    /// Only what is implemented: event-level breakpoints and stepping now; script
    /// breakpoints when a script backend is plugged in.
    static func capabilities(_ scripts: ScriptDebugBackend?) -> Capabilities {
        var capabilities = Capabilities()
        capabilities.supportsConfigurationDoneRequest = true
        capabilities.supportsFunctionBreakpoints = true
        capabilities.supportsConditionalBreakpoints = true
        capabilities.supportsHitConditionalBreakpoints = true
        capabilities.supportsDataBreakpoints = true
        capabilities.supportsStepBack = true
        if let scripts {
            capabilities.exceptionBreakpointFilters = scripts.exceptionFilters
            capabilities.supportsSetVariable = true
            capabilities.supportsLogPoints = true
        }
        return capabilities
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case .typeMismatch(let type, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' should be \(type)"
        case .valueNotFound(_, let context): "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' is missing or null"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "\(error)"
        }
    }
}
