import Debugger
import EngineProtocol
import Foundation

/// The line-mode debugger's loop: one command per line from stdin, answers on stdout.
final class DebugConsole {
    private let client: DAPClient
    private var functionBreakpoints: [String] = []
    /// Script line breakpoints by script (project-relative path): line and condition.
    private var scriptBreakpoints: [String: [(line: Int, condition: String?)]] = [:]
    private var watches: [String] = []
    /// The thread stopped now, if any.
    private var stopped: Int?

    static let help = """
        b event:TYPE|pattern:NAME|decision:NAME [if CEL]   break there (the condition sees the event)
        b scripts/FILE.py:LINE [if PYTHON]                  break in a script (the condition sees its variables)
        w FEATURE | w FEATURE[KEY]                          stop when an event changes that value
        c                                                   continue
        n                                                   apply one event and stop after it (in a script: the next line)
        s                                                   in a script: step into a call
        r                                                   in a script: run until the function returns
        back                                                one event back (as it was then; c and n walk forward again)
        p FEATURE | p CEL | p PYTHON                        a feature's value, an expression over the event, or in a script over its variables
        changes                                             what the event in progress changed
        bt                                                  where it stopped
        q                                                   quit (the scenario runs on to its end)
        """

    /// Connects, attaches and starts the scenario, stopped before its first event.
    init(address: EngineAddress, token: String, scenario: String) throws {
        client = try DAPClient(address: address)
        _ = try client.request("initialize", ["adapterID": "featide", "clientID": "featide-debug"])
        let attach = try client.request("attach", ["token": token, "scenario": scenario, "stopOnEntry": true])
        guard attach.success else { throw EngineClientError(attach.message ?? "attach refused") }
        _ = try client.request("configurationDone")
    }

    /// Reads commands until `q`, end of input or the scenario's end; the exit status.
    func run() -> Int32 {
        do {
            guard try waitForStop() else { return 0 }
            while true {
                print("(featide-debug) ", terminator: "")
                fflush(nil)
                guard let line = readLine() else { return try quit() }
                let words = line.split(separator: " ", maxSplits: 1).map(String.init)
                guard let command = words.first else { continue }
                let rest = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
                switch command {
                case "b", "break": try setBreakpoint(rest)
                case "w", "watch": try watch(rest)
                case "c", "continue": if try !resume("continue") { return 0 }
                case "n", "next": if try !resume("next") { return 0 }
                case "s", "step": if try !resume("stepIn") { return 0 }
                case "r", "return": if try !resume("stepOut") { return 0 }
                case "back": if try !resume("stepBack") { return 0 }
                case "p", "print": try evaluate(rest)
                case "changes": try showScope("Changed by this event")
                case "bt", "where": try backtrace()
                case "q", "quit": return try quit()
                case "h", "help": print(Self.help)
                default: print("unknown command '\(command)'; help lists them")
                }
            }
        } catch {
            print("featide debug: \(error)")
            return 1
        }
    }

    private func setBreakpoint(_ text: String) throws {
        guard !text.isEmpty else { return print("b needs a place: event:TYPE, pattern:NAME, decision:NAME or FILE.py:LINE") }
        if let place = text.components(separatedBy: " if ").first, place.contains(".py:") { return try setScriptBreakpoint(text) }
        let parts = text.components(separatedBy: " if ")
        functionBreakpoints.append(text)
        let breakpoints = functionBreakpoints.map { spec -> [String: Any] in
            let parts = spec.components(separatedBy: " if ")
            var breakpoint: [String: Any] = ["name": parts[0].trimmingCharacters(in: .whitespaces)]
            if parts.count > 1 { breakpoint["condition"] = parts.dropFirst().joined(separator: " if ") }
            return breakpoint
        }
        let answer = try client.request("setFunctionBreakpoints", ["breakpoints": breakpoints])
        let last = (answer.body["breakpoints"] as? [[String: Any]])?.last ?? [:]
        if last["verified"] as? Bool == true {
            print("breakpoint \(last["id"] as? Int ?? 0): \(text)")
        } else {
            functionBreakpoints.removeLast()
            print("breakpoint not set: \(last["message"] as? String ?? answer.message ?? "refused") (\(parts[0]))")
        }
    }

    /// `b scripts/coupon.py:8 [if spent > 10]`.
    private func setScriptBreakpoint(_ text: String) throws {
        let parts = text.components(separatedBy: " if ")
        let place = parts[0].trimmingCharacters(in: .whitespaces)
        guard let colon = place.lastIndex(of: ":"), let line = Int(place[place.index(after: colon)...]) else {
            return print("b needs FILE.py:LINE, like scripts/coupon.py:8")
        }
        let file = String(place[..<colon])
        let condition = parts.count > 1 ? parts.dropFirst().joined(separator: " if ") : nil
        scriptBreakpoints[file, default: []].append((line, condition))
        let list = scriptBreakpoints[file]!.map { spec -> [String: Any] in
            var breakpoint: [String: Any] = ["line": spec.line]
            if let condition = spec.condition { breakpoint["condition"] = condition }
            return breakpoint
        }
        let answer = try client.request("setBreakpoints", ["source": ["path": file], "breakpoints": list])
        let last = (answer.body["breakpoints"] as? [[String: Any]])?.last ?? [:]
        let bound = last["line"] as? Int ?? line
        let note = last["verified"] as? Bool == true ? "" : " (\(last["message"] as? String ?? "not bound yet"))"
        print("breakpoint \(last["id"] as? Int ?? 0): \(file):\(bound)\(note)")
    }

    private func watch(_ name: String) throws {
        let info = try client.request("dataBreakpointInfo", ["name": name])
        guard let dataId = info.body["dataId"] as? String else {
            return print("cannot watch '\(name)': \(info.body["description"] as? String ?? info.message ?? "refused")")
        }
        watches.append(dataId)
        let answer = try client.request("setDataBreakpoints", ["breakpoints": watches.map { ["dataId": $0] }])
        let last = (answer.body["breakpoints"] as? [[String: Any]])?.last ?? [:]
        print("watch \(last["id"] as? Int ?? 0): \(dataId)")
    }

    /// `continue` or `next`; false once the scenario has ended.
    private func resume(_ command: String) throws -> Bool {
        guard let thread = stopped else {
            print("not stopped")
            return true
        }
        let answer = try client.request(command, ["threadId": thread])
        guard answer.success else {
            print(answer.message ?? "\(command) refused")
            return true
        }
        stopped = nil
        return try waitForStop()
    }

    /// Waits for the next stop (printing where) or the scenario's end (printing its output);
    /// false at the end.
    private func waitForStop() throws -> Bool {
        let event = try client.waitForEvent("stopped", "terminated")
        guard event.event == "stopped" else {
            for output in client.queuedEvents where output.event == "output" {
                print(output.body["output"] as? String ?? "", terminator: "")
            }
            print("scenario finished")
            return false
        }
        let thread = event.body["threadId"] as? Int ?? 0
        stopped = thread
        let reason = event.body["reason"] as? String ?? "stopped"
        let description = (event.body["description"] as? String).map { ": \($0)" } ?? ""
        let frames = try client.request("stackTrace", ["threadId": thread, "levels": 1])
        let top = (frames.body["stackFrames"] as? [[String: Any]])?.first ?? [:]
        let source = (top["source"] as? [String: Any])?["name"] as? String
        print("stopped (\(reason)\(description)) at \(top["name"] as? String ?? "?")" + (source.map { " (\($0):\(top["line"] as? Int ?? 0))" } ?? ""))
        return true
    }

    private func evaluate(_ expression: String) throws {
        var arguments: [String: Any] = ["expression": expression, "context": "repl"]
        // In the top frame: a script's variables when stopped in a script.
        if let thread = stopped,
           let frame = (try client.request("stackTrace", ["threadId": thread, "levels": 1]).body["stackFrames"] as? [[String: Any]])?.first?["id"] as? Int {
            arguments["frameId"] = frame
        }
        let answer = try client.request("evaluate", arguments)
        print(answer.success ? answer.body["result"] as? String ?? "" : "error: \(answer.message ?? "?")")
    }

    private func backtrace() throws {
        guard let thread = stopped else { return print("not stopped") }
        let answer = try client.request("stackTrace", ["threadId": thread])
        for (i, frame) in ((answer.body["stackFrames"] as? [[String: Any]]) ?? []).enumerated() {
            let source = (frame["source"] as? [String: Any])?["name"] as? String
            let place = source.map { " (\($0):\(frame["line"] as? Int ?? 0))" } ?? ""
            print("#\(i) \(frame["name"] as? String ?? "?")\(place)")
        }
    }

    private func showScope(_ name: String) throws {
        guard let thread = stopped else { return print("not stopped") }
        let frames = try client.request("stackTrace", ["threadId": thread, "levels": 1])
        guard let frame = (frames.body["stackFrames"] as? [[String: Any]])?.first?["id"] as? Int else { return }
        let scopes = try client.request("scopes", ["frameId": frame])
        guard let scope = (scopes.body["scopes"] as? [[String: Any]])?.first(where: { $0["name"] as? String == name }),
              let reference = scope["variablesReference"] as? Int else { return print("(nothing)") }
        let variables = try client.request("variables", ["variablesReference": reference])
        let list = (variables.body["variables"] as? [[String: Any]]) ?? []
        if list.isEmpty { print("(nothing)") }
        for variable in list { print("\(variable["name"] as? String ?? "?") = \(variable["value"] as? String ?? "?")") }
    }

    /// Lets the engine go on (breakpoints cleared) and leaves.
    private func quit() throws -> Int32 {
        _ = try client.request("disconnect")
        return 0
    }
}
