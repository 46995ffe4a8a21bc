/// Conditions of steps evaluated for partial matches, sharing results where they can.
extension MatcherCore {
    /// Whether a greedy loop this match left or skipped would take the event.
    mutating func anyLoopTakes(_ guards: UInt64, _ run: PartialMatch, _ event: Event, _ typeID: Int,
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
    mutating func anyHolds(_ steps: UInt64, _ run: PartialMatch, _ event: Event, _ typeID: Int,
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
