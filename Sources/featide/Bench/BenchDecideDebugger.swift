import ArgumentParser
import Engine
import Foundation

/// `bench decide`'s debugger figures (SPEC §10: a script with no breakpoint runs at full
/// speed). Detached and attached runs alternate, several rounds, so the machine's drift
/// shows in both; the median of the rounds' p50s is compared.
extension BenchDecide {
    func debuggerFigures(_ decide: DecisionLatency) throws -> [String] {
        let scripts = decide.pipeline.scripts
        let debugger = ScriptDebugger()  // no hook: a stop (none is expected) would resume at once
        let rounds = 5, perRound = max(decisions / rounds, 1_000)
        /// Median p50 and p99 over the rounds, per setting, for the trivial script.
        func compare(_ settings: [(String, () -> Void)]) throws -> [String: (p50: Double, p99: Double)] {
            var p50s: [String: [Double]] = [:], p99s: [String: [Double]] = [:]
            for _ in 0..<rounds {
                for (name, apply) in settings {
                    apply()
                    decide.warmUp("ping")
                    let (stats, _) = try decide.measure("ping", "trivial script (\(name))", decisions: perRound)
                    p50s[name, default: []].append(stats.p50)
                    p99s[name, default: []].append(stats.p99)
                }
            }
            func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            var figures: [String: (p50: Double, p99: Double)] = [:]
            for name in p50s.keys { figures[name] = (median(p50s[name]!), median(p99s[name]!)) }
            return figures
        }
        let trivial = "scripts/trivial.py", other = "scripts/five.py"
        let figures = try compare([
            ("detached", { scripts.debugger = nil }),
            ("attached, no breakpoint", {
                scripts.debugger = debugger
                debugger.setBreakpoints(file: trivial, [])
                debugger.setBreakpoints(file: other, [])
            }),
            // Line 1 (`def decide`) runs only when the script loads: bound, never hit by a call.
            ("breakpoint in another script", {
                scripts.debugger = debugger
                debugger.setBreakpoints(file: trivial, [])
                debugger.setBreakpoints(file: other, [ScriptBreakpoint(line: 1)])
            }),
            ("breakpoint in this script, never hit", {
                scripts.debugger = debugger
                debugger.setBreakpoints(file: other, [])
                debugger.setBreakpoints(file: trivial, [ScriptBreakpoint(line: 1)])
            }),
        ])
        let traced = scripts.debugTraceInstalled(trivial) == true
        let call = ScriptCall(caller: "bench", ts: decide.t, event: Event(ts: decide.t, type: "ping"), budget: TimeSpan(milliseconds: 20))
        guard let tracedCall = scripts.workerBaselines(trivial, "decide", call, iterations: perRound) else {
            throw ValidationError("\(trivial) did not load for the baseline calls")
        }
        scripts.debugger = debugger
        debugger.setBreakpoints(file: trivial, [])
        guard let untracedCall = scripts.workerBaselines(trivial, "decide", call, iterations: perRound) else {
            throw ValidationError("\(trivial) did not load for the baseline calls")
        }
        guard scripts.debugTraceInstalled(trivial) == false else {
            throw ValidationError("a debugger with no breakpoint left a trace function installed")
        }
        scripts.debugger = nil
        let detached = figures["detached"]!
        var lines = [String(format: "trivial script, debugger detached: p50 %.2f µs, p99 %.2f µs (median of %d rounds of %d, alternating with the settings below)",
                            detached.p50 / 1000, detached.p99 / 1000, rounds, perRound)]
        for name in ["attached, no breakpoint", "breakpoint in another script", "breakpoint in this script, never hit"] {
            let figure = figures[name]!
            lines.append(String(format: "trivial script, %@: p50 %.2f µs (%+.1f%% of detached), p99 %.2f µs", name,
                                figure.p50 / 1000, (figure.p50 / detached.p50 - 1) * 100, figure.p99 / 1000))
        }
        lines.append("trace function installed in the trivial script's worker with its own breakpoint: \(traced ? "yes" : "no"); "
                     + "attached with none: no")
        let bare = LatencyStats(untracedCall.bare), bareTraced = LatencyStats(tracedCall.bare)
        lines.append(String(format: "bare CPython call of the trivial decide inside the worker: p50 %.3f µs; with the debugger's trace function "
                            + "installed (breakpoint not hit): p50 %.3f µs", bare.p50 / 1000, bareTraced.p50 / 1000))
        return lines
    }
}
