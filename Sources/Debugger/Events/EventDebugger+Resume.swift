/// Resuming, and going back and forth through a played scenario's recording (step back).
extension EventDebugger {
    /// How a resume or a step back went.
    enum Motion {
        /// The engine is not stopped (on that thread).
        case notStopped(String)
        /// The engine goes on.
        case resumed
        /// The client now sees another recorded event, or the live stop again.
        case shown(StoppedBody)
    }

    /// Resumes the stopped engine. After a step back, `next` and `continue` first walk
    /// forward through the recording (stopping where a breakpoint would have), and resume the
    /// engine only past its end.
    func resume(_ action: ResumeAction) -> Motion {
        let (motion, gate) = state.withLock { s -> (Motion, StopGate?) in
            guard let stop = s.stop else { return (.notStopped("the engine is not stopped"), nil) }
            guard let viewing = s.viewing, let history = s.histories[viewing.thread] else { return (.resumed, stop.gate) }
            let live = stop.snapshot.sequence
            var index = viewing.index + 1
            while index < history.stops.count, history.stops[index].sequence < live {
                if action != .proceed {
                    s.viewing = (viewing.thread, index)
                    return (.shown(StoppedBody(reason: "step", threadId: viewing.thread, allThreadsStopped: true)), nil)
                }
                if let hit = StopHistory.hits(history.stops[index], functionRules: s.functionRules, dataRules: s.dataRules) {
                    s.viewing = (viewing.thread, index)
                    return (.shown(StoppedBody(reason: hit.reason, description: "recorded", threadId: viewing.thread,
                                               allThreadsStopped: true, hitBreakpointIds: hit.ids)), nil)
                }
                index += 1
            }
            // Past the recording: back where the engine stopped; `next` stops there.
            s.viewing = nil
            if action != .proceed {
                return (.shown(StoppedBody(reason: "step", threadId: stop.snapshot.threadID, allThreadsStopped: true)), nil)
            }
            return (.resumed, stop.gate)
        }
        gate?.resume(action)
        return motion
    }

    /// `stepBack` (one event back) or `reverseContinue` (back to the latest recorded event a
    /// breakpoint would have stopped at, else the oldest recorded) in a played scenario.
    func goBack(thread: Int, toBreakpoint: Bool) -> Motion {
        state.withLock { s -> Motion in
            guard let stop = s.stop, stop.snapshot.threadID == thread else { return .notStopped("thread \(thread) is not stopped") }
            guard let history = s.histories[thread], !history.stops.isEmpty else {
                return .notStopped(thread == 1 ? "step back works in played scenarios; the live engine keeps no recording"
                                              : "nothing earlier is recorded")
            }
            // The newest recorded event before the one shown now.
            let from = s.viewing.map { history.stops[$0.index].sequence } ?? stop.snapshot.sequence
            guard var index = history.stops.lastIndex(where: { $0.sequence < from }) else {
                return .notStopped("nothing earlier is recorded")
            }
            var body = StoppedBody(reason: "step", threadId: thread, allThreadsStopped: true)
            if toBreakpoint {
                let hit = history.stops[...index].lastIndex { StopHistory.hits($0, functionRules: s.functionRules, dataRules: s.dataRules) != nil }
                if let hit, let found = StopHistory.hits(history.stops[hit], functionRules: s.functionRules, dataRules: s.dataRules) {
                    index = hit
                    body = StoppedBody(reason: found.reason, description: "recorded", threadId: thread,
                                       allThreadsStopped: true, hitBreakpointIds: found.ids)
                } else {
                    index = 0
                    body.description = "the oldest recorded event"
                }
            }
            s.viewing = (thread, index)
            return .shown(body)
        }
    }

    func record(_ stop: RecordedStop) {
        state.withLock { s in s.histories[stop.snapshot.threadID, default: StopHistory()].append(stop) }
    }
}
