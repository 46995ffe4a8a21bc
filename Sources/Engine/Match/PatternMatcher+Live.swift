/// One live partial match as a person reads it: where it waits and the events it took.
public struct LivePartialMatch: Sendable {
    /// `step b`, `after step stay (loop)`, `absence of back`, or `complete`.
    public var waitingAt: String
    /// The time of its first event.
    public var startTs: Int64
    /// Steps that took events, in pattern order.
    public var steps: [(name: String, events: [Event])]
}

extension PatternMatcher {
    /// The live partial matches, state by state (the order the NFA keeps them in), at most
    /// `limit` (a pattern may hold thousands; a debugger shows the first ones).
    public func livePartialMatches(limit: Int) -> [LivePartialMatch] {
        let core = core
        var result: [LivePartialMatch] = []
        for (state, bucket) in core.buckets.enumerated() {
            for partial in bucket {
                guard result.count < limit else { return result }
                let steps = partial.node == MatchBuffer.none ? [] : core.match(core.buffer.chain(partial.node), at: partial.startTs, timedOut: false).steps
                result.append(LivePartialMatch(waitingAt: describe(state: state), startTs: partial.startTs, steps: steps))
            }
        }
        return result
    }

    private func describe(state: Int) -> String {
        switch nfa.states[state].kind {
        case .take(let step, true): "step \(nfa.steps[step].name)"
        case .take(let step, false): "step \(nfa.steps[step].name) (loop)"
        case .absence(let step): "absence of \(nfa.steps[step].name)"
        case .final: "complete"
        }
    }
}
