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
        // A `not: followed_by` before this state rules out the events between; the event this
        // state takes is not between (Flink), so it may still be taken below.
        let between = run.followedByGuards != 0 && anyHolds(run.followedByGuards, run, event, typeID, seq)
        if isNext, run.nextGuards != 0, anyHolds(run.nextGuards, run, event, typeID, seq) { return false }
        // A greedy loop this branch left, ended by its `until`, takes nothing more.
        if run.greedyStarted & run.greedyGuards != 0 { endLoopsByUntil(&run, event, typeID, seq) }
        // Left a greedy loop that takes this event: this branch gives way.
        if run.greedyGuards != 0, isNext || !run.greedyOnce, anyLoopTakes(run.greedyGuards, run, event, typeID, seq) {
            return false
        }
        switch tables.kinds[state] {
        case .final:
            return false
        case .absence(let step):
            return !between && !holds(2 * step, run, event, typeID, seq)
        case .take(let step, let firstEvent):
            // `until` applies to every event of the loop, its first too (Flink 2.3, by its oracle):
            // an event it accepts is never taken; inside the loop it ends the loop.
            let stops = !firstEvent && tables.hasUntil[step] && holds(2 * step + 1, run, event, typeID, seq)
            let takes = !stops && holds(2 * step, run, event, typeID, seq)
                && !(firstEvent && tables.hasUntil[step] && holds(2 * step + 1, run, event, typeID, seq))
            if between {
                if takes { take(run, into: step, state: state, event, seq) }
                return false
            }
            // The negations right after a loop already guard its events, also those it takes (Flink).
            let negated = !firstEvent && negatesLoop(step, run, event, typeID, seq, isNext: isNext)
            if run.owesProceed, negated || !takes,
               stops || negated || tables.owedBranchCares[state * tables.typeSlots + typeID] {
                proceedLate(from: run, step: step, state: state, event, typeID, seq, loopEnded: stops || negated)
                run.owesProceed = false
            }
            if stops || negated { return false }
            guard takes else { return contiguity != .strict }
            take(run, into: step, state: state, event, seq)
            return contiguity == .any
        }
    }

    /// Whether a negative step right after the loop `step` rules out this event, taken by the
    /// loop or not (as Flink, checked against its oracle): a `not: followed_by` from the loop's
    /// first event on; a `not: next` on the event right after one of the loop's events once
    /// the loop has its minimum (where the match could move on).
    private mutating func negatesLoop(_ step: Int, _ run: PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64,
                                      isNext: Bool) -> Bool {
        let followedBy = tables.followedByAfterLoop[step]
        if followedBy != 0, anyHolds(followedBy, run, event, typeID, seq) { return true }
        let next = tables.nextAfterLoop[step]
        return isNext && next != 0 && run.count >= tables.minCount[step] && anyHolds(next, run, event, typeID, seq)
    }

    /// Drops the greedy guards of started loops whose `until` accepts the event: it ends them.
    private mutating func endLoopsByUntil(_ run: inout PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64) {
        var bits = run.greedyStarted & run.greedyGuards
        while bits != 0 {
            let step = bits.trailingZeroBitCount
            bits &= bits - 1
            guard tables.hasUntil[step], holds(2 * step + 1, run, event, typeID, seq) else { continue }
            run.greedyGuards &= ~(1 << UInt64(step))
            run.greedyStarted &= ~(1 << UInt64(step))
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
        next.greedyStarted = 0
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
                next.greedyStarted = next.greedyGuards
                next.greedyOnce = tables.loopIsStrict[step]
            }
            for entry in tables.proceed[state] { enter(entry, from: next, at: event.ts) }
        }
        buffer.release(node)
    }

    /// The greedy loop did not take this event, so the branch that moved on after its last
    /// event comes into being now, and sees this event as it would have.
    /// `loopEnded`: the loop's `until` accepted this event, so there is no loop to give way to.
    private mutating func proceedLate(from run: PartialMatch, step: Int, state: Int, _ event: Event, _ typeID: Int,
                                      _ seq: Int64, loopEnded: Bool) {
        var from = run
        from.owesProceed = false
        from.greedyGuards = loopEnded ? 0 : 1 << UInt64(step)
        from.greedyStarted = from.greedyGuards
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
            // Saturating: event times come from user data, and a time near the end of the range must not trap.
            let (end, overflow) = t.addingReportingOverflow(tables.absenceFor[step])
            next.deadline = entry.untilWindowEnds ? run.windowEnd(within) : overflow ? .max : end
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
        if spawnedCount < spawned.count {
            spawned[spawnedCount] = run
        } else {
            spawned.append(run)
        }
        spawnedCount += 1
    }
}

/// A match found while processing, waiting for the skip strategy to decide on it.
struct Completion {
    var node: Int32
    var startSeq: Int64
    var ts: Int64
}
