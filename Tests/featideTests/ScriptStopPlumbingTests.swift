import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Debugger

/// Script stops plug into the adapter through `ScriptDebugBackend` and `scriptStopped`: a fake
/// backend stands in for the script worker, and the session is driven without I/O.
@Suite struct ScriptStopPlumbingTests {
    final class FakeScripts: ScriptDebugBackend {
        let exceptionFilters = [ExceptionBreakpointsFilter(filter: "raised", label: "Raised exceptions"),
                                ExceptionBreakpointsFilter(filter: "uncaught", label: "Uncaught exceptions", default: true)]
        let filters = Mutex<[String]>([])
        func setBreakpoints(source: Source, _ breakpoints: [SourceBreakpoint]) -> [Breakpoint] {
            breakpoints.map { Breakpoint(id: $0.line, verified: true, source: source, line: $0.line) }
        }
        func setExceptionBreakpoints(filters: [String]) { self.filters.withLock { $0 = filters } }
        func pause() {}
    }

    final class FakeStop: ScriptStopControl {
        let reason = "breakpoint"
        let description: String? = "scripts/coupon.py:7"
        let resumed = Mutex<ScriptStep?>(nil)
        let assigned = Mutex<[String: String]>([:])
        func stackTrace() -> [StackFrame] {
            [StackFrame(id: 1, name: "decide", source: Source(name: "coupon.py", path: "scripts/coupon.py"), line: 7, column: 1)]
        }
        func scopes(frameId: Int) -> [Scope] { frameId == 1 ? [Scope(name: "Locals", variablesReference: 1)] : [] }
        func variables(reference: Int, start: Int?, count: Int?) -> [Variable] {
            switch reference {
            case 1: [Variable(name: "amount", value: "62.5", type: "float"), Variable(name: "pool", value: "['C5', 'C10']", type: "list", variablesReference: 2)]
            case 2: [Variable(name: "0", value: "'C5'"), Variable(name: "1", value: "'C10'")]
            default: []
            }
        }
        func evaluate(_ expression: String, frameId: Int?) -> Result<Variable, ScriptDebugError> {
            expression == "amount * 2" && frameId == 1 ? .success(Variable(name: expression, value: "125.0", type: "float"))
                : .failure(ScriptDebugError("NameError: \(expression)"))
        }
        func setVariable(reference: Int, name: String, value: String) -> Result<Variable, ScriptDebugError> {
            assigned.withLock { $0[name] = value }
            return .success(Variable(name: name, value: value, type: "float"))
        }
        func resume(_ step: ScriptStep) { resumed.withLock { $0 = step } }
    }

    struct NoEngine: DebuggedEngine {
        func play(scenario: String, done: @escaping @Sendable (Result<[String], PlayRefused>) -> Void) { done(.failure(PlayRefused("none"))) }
    }

    /// What the session wrote, and a signal per `stopped` event.
    final class Outbox: Sendable {
        let messages = Mutex<[Data]>([])
        let stops = DispatchSemaphore(value: 0)

        func write(_ body: Data) {
            messages.withLock { $0.append(body) }
            if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any], object["event"] as? String == "stopped" {
                stops.signal()
            }
        }
    }

    /// A session on a serial queue standing in for the adapter's event loop.
    final class Harness {
        let loop = DispatchQueue(label: "dap-loop")
        let outbox = Outbox()
        let debugger = EventDebugger()
        let session: DAPSession
        private var seq = 0

        init(scripts: ScriptDebugBackend) {
            let (loop, outbox) = (loop, outbox)
            session = DAPSession(id: 1, debugger: debugger, token: "t", engine: NoEngine(), scripts: scripts,
                                 write: { outbox.write($0) }, onLoop: { loop.async(execute: $0) }, close: {})
        }

        /// Sends a request and returns its response.
        func request(_ command: String, _ arguments: [String: Any] = [:]) throws -> [String: Any] {
            seq += 1
            let n = seq
            let body = try JSONSerialization.data(withJSONObject: ["seq": n, "type": "request", "command": command, "arguments": arguments])
            let session = session
            loop.sync { session.handle(body) }
            loop.sync {}  // what it sent is written
            return try outbox.messages.withLock { $0 }.lazy.compactMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] }
                .first { $0["type"] as? String == "response" && $0["request_seq"] as? Int == n } ?? [:]
        }
    }

    @Test func aScriptStopShowsTheBackendsFramesAndTakesTheStep() throws {
        let scripts = FakeScripts()
        let harness = Harness(scripts: scripts)
        let capabilities = try harness.request("initialize", ["adapterID": "test"])["body"] as? [String: Any] ?? [:]
        #expect((capabilities["exceptionBreakpointFilters"] as? [[String: Any]])?.map { $0["filter"] as? String } == ["raised", "uncaught"])
        #expect(capabilities["supportsSetVariable"] as? Bool == true)
        #expect(try harness.request("attach", ["token": "t"])["success"] as? Bool == true)
        let set = try harness.request("setBreakpoints", ["source": ["path": "scripts/coupon.py"], "breakpoints": [["line": 7]]])
        #expect(((set["body"] as? [String: Any])?["breakpoints"] as? [[String: Any]])?.first?["verified"] as? Bool == true)
        let armed = harness.debugger.armed.load(ordering: .relaxed)
        #expect(armed)  // hooks now note where the engine is
        _ = try harness.request("setExceptionBreakpoints", ["filters": ["uncaught"]])
        #expect(scripts.filters.withLock { $0 } == ["uncaught"])

        // The engine's thread reports the stop and waits.
        let stop = FakeStop()
        let debugger = harness.debugger
        let engineThread = Background { debugger.scriptStopped(stop) }
        harness.outbox.stops.wait()
        let base = ScriptReferences.base
        let frames = (try harness.request("stackTrace", ["threadId": 1])["body"] as? [String: Any])?["stackFrames"] as? [[String: Any]] ?? []
        #expect(frames.map { $0["id"] as? Int } == [base + 1])
        #expect(frames.first?["name"] as? String == "decide")
        let scopes = (try harness.request("scopes", ["frameId": base + 1])["body"] as? [String: Any])?["scopes"] as? [[String: Any]] ?? []
        #expect(scopes.first?["variablesReference"] as? Int == base + 1)
        let locals = (try harness.request("variables", ["variablesReference": base + 1])["body"] as? [String: Any])?["variables"] as? [[String: Any]] ?? []
        #expect(locals.map { $0["name"] as? String } == ["amount", "pool"])
        #expect(locals.last?["variablesReference"] as? Int == base + 2)
        let pool = (try harness.request("variables", ["variablesReference": base + 2])["body"] as? [String: Any])?["variables"] as? [[String: Any]] ?? []
        #expect(pool.count == 2)
        #expect((try harness.request("evaluate", ["expression": "amount * 2", "frameId": base + 1])["body"] as? [String: Any])?["result"] as? String == "125.0")
        #expect(try harness.request("evaluate", ["expression": "nope", "frameId": base + 1])["message"] as? String == "NameError: nope")
        #expect(try harness.request("setVariable", ["variablesReference": base + 1, "name": "amount", "value": "1.0"])["success"] as? Bool == true)
        #expect(stop.assigned.withLock { $0 } == ["amount": "1.0"])
        #expect(try harness.request("stepIn", ["threadId": 1])["success"] as? Bool == true)
        try engineThread.value()
        #expect(stop.resumed.withLock { $0 } == .stepIn)

        for body in harness.outbox.messages.withLock({ $0 }) {
            #expect(DAPSchema.errors(in: body).isEmpty, "\(String(decoding: body, as: UTF8.self))")
        }
    }
}
