/// How one partial match reacts to one event (Flink's take / ignore / proceed edges).
extension MatcherCore {
    /// Moves `run` on `event`: successors go to `spawned`, complete matches to `completions`.
    /// Returns whether `run` itself stays where it is.
    mutating func advance(_ run: inout PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64) -> Bool {
        let state = Int(run.state)
        let contiguity = tables.contiguity[state]
        let isNext = seq == run.lastSeq + 1
        // A strict state wanted exactly the next event; one the pattern did not look at came between.
        if contiguity == .strict, !isNext { return false }
        if run.followedByGuards != 0, anyHolds(run.followedByGuards, run, event, typeID, seq) { return false }
        if isNext, run.nextGuards != 0, anyHolds(run.nextGuards, run, event, typeID, seq) { return false }
        switch tables.kinds[state] {
        case .final:
            return false
        case .absence(let step):
            return !holds(2 * step, run, event, typeID, seq)
        case .take(let step, let firstEvent):
            if run.greedyGuards != 0, isNext || !run.greedyOnce, anyLoopTakes(run.greedyGuards, run, event, typeID, seq) {
                return false
            }
            let stops = !firstEvent && tables.hasUntil[step] && holds(2 * step + 1, run, event, typeID, seq)
            let takes = !stops && holds(2 * step, run, event, typeID, seq)
            if run.owesProceed, !takes {
                proceedLate(from: run, step: step, state: state, event, typeID, seq)
                run.owesProceed = false
            }
            if stops { return false }
            guard takes else { return contiguity != .strict }
            take(run, into: step, state: state, event, seq)
            return contiguity == .any
        }
    }

    /// The event joins the match: the loop may continue, and once the step has its minimum
    /// the match also moves on (both branches share the new node).
    private mutating func take(_ run: PartialMatch, into step: Int, state: Int, _ event: Event, _ seq: Int64) {
        let node = buffer.append(event, seq: seq, step: step, after: run.node)
        let count = run.count + 1
        let belowMax = count < tables.maxCount[step]
        var next = run
        next.node = node
        next.lastSeq = seq
        next.followedByGuards = 0
        next.nextGuards = 0
        next.greedyGuards = 0
        next.owesProceed = false
        let loop = tables.loopState[state]
        let reachedMin = count >= tables.minCount[step]
        let lazy = tables.lazyProceed[step] && belowMax && loop >= 0 && reachedMin
        if belowMax, loop >= 0 {
            var looping = next
            looping.state = loop
            looping.count = count
            looping.owesProceed = lazy
            spawn(looping)
        }
        if reachedMin, !lazy {
            if tables.greedy[step], belowMax {
                next.greedyGuards = 1 << UInt64(step)
                next.greedyOnce = tables.loopIsStrict[step]
            }
            for entry in tables.proceed[state] { enter(entry, from: next, at: event.ts) }
        }
        buffer.release(node)
    }

    /// The greedy loop did not take this event, so the branch that moved on after its last
    /// event comes into being now, and sees this event as it would have.
    private mutating func proceedLate(from run: PartialMatch, step: Int, state: Int, _ event: Event, _ typeID: Int,
                                      _ seq: Int64) {
        var from = run
        from.owesProceed = false
        from.greedyGuards = 1 << UInt64(step)
        from.greedyOnce = false
        for entry in tables.proceed[state] {
            var next = entering(entry, from: from)
            if advance(&next, event, typeID, seq) { spawn(next) }
        }
    }

    /// `run` as it enters `entry`'s state (before any event there).
    private func entering(_ entry: NFAEntry, from run: PartialMatch) -> PartialMatch {
        var next = run
        next.state = Int32(entry.state)
        next.count = 0
        next.deadline = .max
        next.owesProceed = false
        next.followedByGuards = entry.followedByGuards
        next.nextGuards = entry.nextGuards
        if entry.greedyGuards != 0 {
            next.greedyOnce = next.greedyGuards == 0 ? entry.greedyOnce : next.greedyOnce && entry.greedyOnce
            next.greedyGuards |= entry.greedyGuards
        }
        return next
    }

    /// A match arrives in a state: it completes, waits for an absence, or waits for a step.
    mutating func enter(_ entry: NFAEntry, from run: PartialMatch, at t: Int64) {
        var next = entering(entry, from: run)
        switch tables.kinds[entry.state] {
        case .final:
            completions.append(Completion(node: run.node, startSeq: run.startSeq, ts: t))
            buffer.retain(run.node)
        case .absence(let step):
            next.greedyGuards = 0
            next.deadline = entry.untilWindowEnds ? run.windowEnd(within) : t + tables.absenceFor[step]
            spawn(next)
        case .take:
            spawn(next)
        }
    }

    /// Nothing matching the absence step came before its deadline: the match moves on.
    mutating func completeAbsence(_ run: PartialMatch, at t: Int64, lastSeq: Int64) {
        var next = run
        next.lastSeq = lastSeq
        next.greedyGuards = 0
        for entry in tables.proceed[Int(run.state)] { enter(entry, from: next, at: t) }
    }

    private mutating func spawn(_ run: PartialMatch) {
        buffer.retain(run.node)
        spawned.append(run)
    }

    /// Whether a greedy loop this match left or skipped would take the event.
    private mutating func anyLoopTakes(_ guards: UInt64, _ run: PartialMatch, _ event: Event, _ typeID: Int,
                                       _ seq: Int64) -> Bool {
        var bits = guards
        while bits != 0 {
            let step = bits.trailingZeroBitCount
            bits &= bits - 1
            guard holds(2 * step, run, event, typeID, seq) else { continue }
            if !tables.hasUntil[step] || !holds(2 * step + 1, run, event, typeID, seq) { return true }
        }
        return false
    }

    /// Whether any of the (negative) steps in `steps` accepts the event.
    private mutating func anyHolds(_ steps: UInt64, _ run: PartialMatch, _ event: Event, _ typeID: Int,
                                   _ seq: Int64) -> Bool {
        var bits = steps
        while bits != 0 {
            let step = bits.trailingZeroBitCount
            if holds(2 * step, run, event, typeID, seq) { return true }
            bits &= bits - 1
        }
        return false
    }

    /// Evaluates condition `id` (a step's `on`+`where`, or its `until`) for a partial match;
    /// an expression error counts as false. Results are shared: per event when the condition
    /// reads only the event, per event and earlier event when it reads one earlier step.
    mutating func holds(_ id: Int, _ run: PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64) -> Bool {
        guard tables.accepts[id * tables.typeSlots + typeID] else { return false }
        guard let program = tables.programs[id] else { return true }
        let reads = tables.readsSteps[id]
        if reads.isEmpty, cacheSeq[id] == seq { return cacheValue[id] }
        var slot: Int32 = -1
        if reads.count == 1 {
            slot = buffer.lastSlot(ofStep: reads[0], from: run.node)
            if cacheSeq[id] != seq {
                cacheSeq[id] = seq
                cacheBySlot[id].removeAll(keepingCapacity: true)
            } else if let hit = cacheBySlot[id].first(where: { $0.slot == slot }) {
                return hit.value
            }
        }
        if boundSeq != seq {
            for (slot, field) in tables.boundFields { activation.slots[slot] = event.value(of: field) }
            boundSeq = seq
        }
        for earlier in reads {
            let earlierSlot = reads.count == 1 ? slot : buffer.lastSlot(ofStep: earlier, from: run.node)
            activation.slots[EventContext.variables.count + earlier] = buffer.record(atSlot: earlierSlot)
        }
        let result: Bool
        switch program.evaluate(activation) {
        case .bool(let b): result = b
        default:
            stats.expressionErrors += 1
            result = false
        }
        if reads.isEmpty {
            cacheSeq[id] = seq
            cacheValue[id] = result
        } else if reads.count == 1, cacheBySlot[id].count < 16 {
            cacheBySlot[id].append((slot, result))
        }
        return result
    }
}

/// A match found while processing, waiting for the skip strategy to decide on it.
struct Completion {
    var node: Int32
    var startSeq: Int64
    var ts: Int64
}
