/// How one partial match reacts to one event (Flink's take / ignore / proceed edges).
extension PatternMatcher {
    /// Moves `run` on `event`: successors go to `spawned`, complete matches to `completions`.
    /// Returns whether `run` itself stays where it is.
    func advance(_ run: PartialMatch, _ event: Event, _ seq: Int64) -> Bool {
        let state = nfa.states[Int(run.state)]
        let isNext = seq == run.lastSeq + 1
        // A strict state wanted exactly the next event; one the pattern did not look at came between.
        if state.contiguity == .strict, !isNext { return false }
        if run.followedByGuards != 0, anyNegationHolds(run.followedByGuards, run, event, seq) { return false }
        if isNext, run.nextGuards != 0, anyNegationHolds(run.nextGuards, run, event, seq) { return false }
        switch state.kind {
        case .final:
            return false
        case .absence(let step):
            return !holds(step, until: false, run, event, seq)
        case .take(let step, let firstEvent):
            if run.greedyGuards != 0, isNext || !run.greedyOnce, anyLoopTakes(run.greedyGuards, run, event, seq) {
                return false
            }
            if !firstEvent, nfa.steps[step].until != nil, holds(step, until: true, run, event, seq) { return false }
            guard holds(step, until: false, run, event, seq) else { return state.contiguity != .strict }
            take(run, into: step, state, event, seq)
            return state.contiguity == .any
        }
    }

    /// The event joins the match: the loop may continue, and once the step has its minimum
    /// the match also moves on (both branches share the new node).
    private func take(_ run: PartialMatch, into step: Int, _ state: NFAState, _ event: Event, _ seq: Int64) {
        let node = buffer.append(event, seq: seq, step: step, after: run.node)
        defer { buffer.release(node) }
        let count = run.count + 1
        let quantifier = nfa.steps[step].quantifier
        let belowMax = quantifier.max.map { Int(count) < $0 } ?? true
        var next = run
        next.node = node
        next.lastSeq = seq
        next.followedByGuards = 0
        next.nextGuards = 0
        next.greedyGuards = 0
        if belowMax, let loop = state.loopState {
            var looping = next
            looping.state = Int32(loop)
            looping.count = count
            spawn(looping)
        }
        guard Int(count) >= quantifier.min else { return }
        if nfa.steps[step].greedy, belowMax {
            next.greedyGuards = 1 << UInt64(step)
            next.greedyOnce = nfa.pattern.steps[step].loopContiguity == .strict
        }
        for entry in state.proceed { enter(entry, from: next, at: event.ts) }
    }

    /// A match arrives in a state: it completes, waits for an absence, or waits for a step.
    func enter(_ entry: NFAEntry, from run: PartialMatch, at t: Int64) {
        var next = run
        next.state = Int32(entry.state)
        next.count = 0
        next.deadline = .max
        next.followedByGuards = entry.followedByGuards
        next.nextGuards = entry.nextGuards
        if entry.greedyGuards != 0 {
            next.greedyOnce = next.greedyGuards == 0 ? entry.greedyOnce : next.greedyOnce && entry.greedyOnce
            next.greedyGuards |= entry.greedyGuards
        }
        switch nfa.states[entry.state].kind {
        case .final:
            completions.append(Completion(node: run.node, startSeq: run.startSeq, ts: t))
            buffer.retain(run.node)
        case .absence(let step):
            next.greedyGuards = 0
            next.deadline = entry.untilWindowEnds ? run.windowEnd(nfa.within) : t + nfa.steps[step].absenceFor!
            spawn(next)
        case .take:
            spawn(next)
        }
    }

    /// Nothing matching the absence step came before its deadline: the match moves on.
    func completeAbsence(_ run: PartialMatch, at t: Int64, lastSeq: Int64) {
        var next = run
        next.lastSeq = lastSeq
        next.greedyGuards = 0
        for entry in nfa.states[Int(run.state)].proceed { enter(entry, from: next, at: t) }
    }

    private func spawn(_ run: PartialMatch) {
        buffer.retain(run.node)
        spawned.append(run)
    }

    /// Whether a greedy loop this match left or skipped would take the event.
    private func anyLoopTakes(_ guards: UInt64, _ run: PartialMatch, _ event: Event, _ seq: Int64) -> Bool {
        var bits = guards
        while bits != 0 {
            let step = bits.trailingZeroBitCount
            bits &= bits - 1
            guard holds(step, until: false, run, event, seq) else { continue }
            if nfa.steps[step].until == nil || !holds(step, until: true, run, event, seq) { return true }
        }
        return false
    }

    private func anyNegationHolds(_ guards: UInt64, _ run: PartialMatch, _ event: Event, _ seq: Int64) -> Bool {
        var bits = guards
        while bits != 0 {
            let step = bits.trailingZeroBitCount
            if holds(step, until: false, run, event, seq) { return true }
            bits &= bits - 1
        }
        return false
    }

    /// Evaluates a step's `on`+`where` (or its `until`) for a partial match; errors count as false.
    func holds(_ step: Int, until: Bool, _ run: PartialMatch, _ event: Event, _ seq: Int64) -> Bool {
        let compiled = nfa.steps[step]
        let condition = until ? compiled.until! : compiled.take
        guard condition.acceptsType(event.type) else { return false }
        guard let program = condition.program else { return true }
        let id = step * 2 + (until ? 1 : 0)
        let shared = condition.readsSteps.isEmpty
        if shared, cacheSeq[id] == seq { return cacheValue[id] }
        if boundSeq != seq {
            for (slot, field) in EventField.allCases.enumerated() { activation.slots[slot] = event.value(of: field) }
            boundSeq = seq
        }
        for earlier in condition.readsSteps {
            activation.slots[EventContext.variables.count + earlier] = buffer.lastRecord(ofStep: earlier, from: run.node)
        }
        let result: Bool
        switch program.evaluate(activation) {
        case .bool(let b): result = b
        default:
            stats.expressionErrors += 1
            result = false
        }
        if shared {
            cacheSeq[id] = seq
            cacheValue[id] = result
        }
        return result
    }

    /// Which states each event type concerns: a state's step types, the negative steps that
    /// may guard it, the greedy loop before it; `until` looks at every event.
    func indexStates() {
        var byType: [String: Set<Int>] = [:]
        var anyType: Set<Int> = []
        func add(_ condition: StepCondition, _ state: Int) {
            guard let types = condition.types else { anyType.insert(state); return }
            for type in types { byType[type, default: []].insert(state) }
        }
        for (index, state) in nfa.states.enumerated() {
            switch state.kind {
            case .take(let step, let firstEvent):
                add(nfa.steps[step].take, index)
                if !firstEvent, let until = nfa.steps[step].until { add(until, index) }
            case .absence(let step): add(nfa.steps[step].take, index)
            case .final: break
            }
            for entry in state.proceed + (index == 0 ? nfa.startEntries : []) {
                let guards = entry.followedByGuards | entry.nextGuards | entry.greedyGuards
                for step in nfa.steps.indices where guards & (1 << UInt64(step)) != 0 {
                    add(nfa.steps[step].take, entry.state)
                    if let until = nfa.steps[step].until, entry.greedyGuards & (1 << UInt64(step)) != 0 {
                        add(until, entry.state)
                    }
                }
                if case .take(let step, _) = state.kind, nfa.steps[step].greedy {
                    add(nfa.steps[step].take, entry.state)
                    if let until = nfa.steps[step].until { add(until, entry.state) }
                }
            }
        }
        statesByType = byType.mapValues { $0.sorted() }
        statesForAnyType = anyType.sorted()
    }
}

extension NFAState {
    /// Whether a match could begin here with an event of this type.
    func acceptsTypeOfStart(_ type: String, _ nfa: PatternNFA) -> Bool {
        guard case .take(let step, _) = kind else { return false }
        return nfa.steps[step].take.acceptsType(type)
    }
}

/// A match found while processing, waiting for the skip strategy to decide on it.
struct Completion {
    var node: Int32
    var startSeq: Int64
    var ts: Int64
}
