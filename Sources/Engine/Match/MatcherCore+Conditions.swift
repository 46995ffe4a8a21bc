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
    @inline(__always)
    mutating func holds(_ id: Int, _ run: PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64) -> Bool {
        // Most calls are settled by the event's type: answered here, without a call.
        guard tables.accepts[id * tables.typeSlots + typeID] else { return false }
        guard tables.hasProgram[id] else { return true }
        return evaluates(id, run, event, typeID, seq)
    }

    /// `holds` for a condition with an expression: cached or evaluated.
    @inline(never)
    private mutating func evaluates(_ id: Int, _ run: PartialMatch, _ event: Event, _ typeID: Int, _ seq: Int64) -> Bool {
        // Only known types: every other type shares one id, and their names differ.
        let byType = tables.typeOnly[id] && typeID < tables.typeCount ? id * tables.typeSlots + typeID : -1
        if byType >= 0, cacheByType[byType] >= 0 { return cacheByType[byType] == 1 }
        let readsCount = tables.readsCount[id]
        if readsCount == 0, cacheSeq[id] == seq { return cacheValue[id] }
        var slot: Int32 = -1
        if readsCount == 1 {
            slot = buffer.lastSlot(ofStep: tables.readsOnlyStep[id], from: run.node)
            if cacheSeq[id] != seq {
                cacheSeq[id] = seq
                cacheBySlot[id].truncate(to: 0)
            } else if let hit = cacheBySlot[id].first(where: { $0.slot == slot }) {
                return hit.value
            }
        }
        if boundSeq != seq {
            for (slot, field) in tables.boundFields { activationSlots[slot] = event.value(of: field) }
            boundSeq = seq
        }
        if readsCount == 1 {
            activationSlots[tables.firstStepSlot + tables.readsOnlyStep[id]] = buffer.record(atSlot: slot)
        } else if readsCount > 1 {
            for earlier in tables.readsSteps[id] {
                activationSlots[tables.firstStepSlot + earlier] =
                    buffer.record(atSlot: buffer.lastSlot(ofStep: earlier, from: run.node))
            }
        }
        let result: Bool
        switch activationSlots.withUnsafeBufferPointer({ tables.evaluate(id, slots: $0) }) {
        case .bool(let b): result = b
        default:
            stats.expressionErrors += 1
            result = false
        }
        if byType >= 0 { cacheByType[byType] = result ? 1 : 0 }
        if readsCount == 0 {
            cacheSeq[id] = seq
            cacheValue[id] = result
        } else if readsCount == 1, cacheBySlot[id].count < 16 {
            cacheBySlot[id].append((slot, result))
        }
        return result
    }
}
