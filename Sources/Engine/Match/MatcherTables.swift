/// A pattern's NFA flattened into arrays for the hot path: event types become small integers,
/// so "does this state care about this event" is an array lookup, not a string hash. A class:
/// shared, immutable, read on every event without copying its arrays.
final class MatcherTables: Sendable {
    /// Event type → local type id; any other type is `typeCount`.
    let typeIDs: [String: Int]
    var typeCount: Int { typeIDs.count }

    /// Per condition (`2 * step` take, `2 * step + 1` until), by local type id:
    /// `accepts[condition * typeSlots + typeID]`.
    let accepts: [Bool]
    let typeSlots: Int
    let programs: [CELProgram?]
    let readsSteps: [[Int]]
    /// Per condition, plain values the hot path reads without retaining anything: whether it
    /// has an expression, and the earlier step it reads when it reads exactly one (else -1).
    let hasProgram: [Bool]
    let readsCount: [Int]
    let readsOnlyStep: [Int]
    /// Conditions whose value depends on the event's type alone (`until: type == "purchase"`):
    /// evaluated once per known type.
    let typeOnly: [Bool]
    /// Activation slots of the event variables any condition reads (`EventField` order).
    let boundFields: [(slot: Int, field: EventField)]
    /// The activation slot of step 0's event (after the event variables and `device`).
    let firstStepSlot = EventContext.variables.count

    /// Per step.
    let minCount: [Int32]
    /// `Int32.max` when unbounded.
    let maxCount: [Int32]
    let greedy: [Bool]
    let hasUntil: [Bool]
    let loopIsStrict: [Bool]
    let absenceFor: [Int64]
    /// The negative steps right after a loop, which guard its events from its first one on
    /// (Flink): `not: followed_by` (also as an absence step) and `not: next`, as bit sets.
    let followedByAfterLoop: [UInt64]
    let nextAfterLoop: [UInt64]
    /// Greedy loops with relaxed contiguity whose next states all wait for a step: their
    /// moved-on branch is created lazily (see `PartialMatch.owesProceed`).
    let lazyProceed: [Bool]
    /// Per state and local type id (`state * typeSlots + typeID`): whether an event of that type
    /// matters to the branch a lazy loop owes — a next state cares about it, or is strict.
    let owedBranchCares: [Bool]

    /// Per state.
    let kinds: [NFAState.Kind]
    let contiguity: [Contiguity]
    let loopState: [Int32]
    let proceed: [[NFAEntry]]

    /// By local type id: the states whose partial matches such an event may change, in state
    /// order (`~state`: only while the state's bucket may hold a match owing its moved-on
    /// branch, `MatcherCore.bucketMayOwe`), and the entries where a match may begin with it.
    let statesByType: FlatLists<Int>
    let startsByType: FlatLists<NFAEntry>

    /// - Parameter device: the profile conditions read as `device`, fixed for the matcher's life.
    init(_ nfa: PatternNFA, device: DeviceProfile) {
        var ids: [String: Int] = [:]
        for step in nfa.steps {
            for type in (step.take.types ?? []).sorted() where ids[type] == nil { ids[type] = ids.count }
        }
        // The names a type-only test compares with get slots too, so every other type is
        // known to fail it (see `narrowTypeOnly`).
        let onlyTypes = nfa.steps.flatMap { [$0.take.onlyTypes, $0.until?.onlyTypes] }
        for names in onlyTypes {
            for type in (names ?? []).sorted() where ids[type] == nil { ids[type] = ids.count }
        }
        typeIDs = ids
        let typeSlots = ids.count + 1
        func row(_ condition: StepCondition?) -> [Bool] {
            guard let condition else { return Array(repeating: false, count: typeSlots) }
            guard let types = condition.types else { return Array(repeating: true, count: typeSlots) }
            var row = Array(repeating: false, count: typeSlots)
            for type in types { row[ids[type]!] = true }
            return row
        }
        programs = nfa.steps.flatMap { [$0.take.program, $0.until?.program] }
        readsSteps = nfa.steps.flatMap { [$0.take.readsSteps, $0.until?.readsSteps ?? []] }
        hasProgram = programs.map { $0 != nil }
        readsCount = readsSteps.map(\.count)
        readsOnlyStep = readsSteps.map { $0.count == 1 ? $0[0] : -1 }
        typeOnly = nfa.steps.flatMap { [$0.take, $0.until] }.map { condition in
            guard let condition, condition.program != nil else { return false }
            return condition.readsSteps.isEmpty && condition.readsFields.allSatisfy { $0 == .type }
        }
        let unnarrowedRows = nfa.steps.flatMap { [row($0.take), row($0.until)] }
        var acceptsRows = unnarrowedRows
        Self.narrowTypeOnly(&acceptsRows, typeOnly: typeOnly, onlyTypes: onlyTypes, programs: programs, typeIDs: ids,
                            stepCount: nfa.steps.count, device: device)
        accepts = acceptsRows.flatMap { $0 }
        self.typeSlots = typeSlots
        let read = Set(nfa.steps.flatMap { $0.take.readsFields + ($0.until?.readsFields ?? []) })
        boundFields = EventField.allCases.enumerated().filter { read.contains($0.element) }.map { ($0.offset, $0.element) }
        minCount = nfa.steps.map { Int32($0.quantifier.min) }
        maxCount = nfa.steps.map { $0.quantifier.max.map { Int32(clamping: $0) } ?? .max }
        greedy = nfa.steps.map(\.greedy)
        hasUntil = nfa.steps.map { $0.until != nil }
        loopIsStrict = nfa.pattern.steps.map { $0.loopContiguity == .strict }
        absenceFor = nfa.steps.map { $0.absenceFor ?? 0 }
        func negations(after step: Int, _ kind: Negation) -> UInt64 {
            var bits: UInt64 = 0
            var j = step + 1
            while j < nfa.steps.count, let negation = nfa.steps[j].negation {
                if negation == kind { bits |= 1 << UInt64(j) }
                j += 1
            }
            return bits
        }
        followedByAfterLoop = nfa.steps.indices.map { negations(after: $0, .followedBy) }
        nextAfterLoop = nfa.steps.indices.map { negations(after: $0, .next) }
        lazyProceed = nfa.steps.indices.map { step in
            guard nfa.steps[step].greedy, nfa.pattern.steps[step].loopContiguity == .relaxed else { return false }
            return nfa.states.allSatisfy { state in
                guard case .take(step, _) = state.kind else { return true }
                return state.proceed.allSatisfy { entry in
                    if case .take = nfa.states[entry.state].kind { return true }
                    return false
                }
            }
        }
        kinds = nfa.states.map(\.kind)
        contiguity = nfa.states.map(\.contiguity)
        loopState = nfa.states.map { $0.loopState.map(Int32.init) ?? -1 }
        proceed = nfa.states.map(\.proceed)

        // Which states an event type can change, first by the types as written, then with the
        // type-only conditions narrowed: only states for which visiting could do nothing more
        // than evaluate false conditions use the narrowed set (see below).
        let caresAsWritten = Self.cares(nfa, rows: unnarrowedRows, followedByAfterLoop: followedByAfterLoop,
                                        nextAfterLoop: nextAfterLoop, typeSlots: typeSlots)
        var cares = Self.cares(nfa, rows: acceptsRows, followedByAfterLoop: followedByAfterLoop,
                               nextAfterLoop: nextAfterLoop, typeSlots: typeSlots)
        // A strict state drops its partial matches on any event it sees that it does not take,
        // which is a change: it keeps seeing what it saw as written.
        for (index, state) in nfa.states.enumerated() where state.contiguity == .strict { cares[index] = caresAsWritten[index] }
        // The owed branch comes into being on the same events as it would as written, so the
        // partial matches (their count and order) stay the same.
        var owed = Array(repeating: false, count: nfa.states.count * typeSlots)
        for (index, state) in nfa.states.enumerated() {
            guard case .take(let step, false) = state.kind, lazyProceed[step] else { continue }
            for entry in state.proceed {
                let strict = nfa.states[entry.state].contiguity == .strict
                for t in 0..<typeSlots where strict || caresAsWritten[entry.state][t] { owed[index * typeSlots + t] = true }
            }
        }
        owedBranchCares = owed
        // A lazy loop state stands for its moved-on branch: it sees what that branch would see.
        // Types that matter only to an owed branch are visited only while one may be owed.
        var onlyIfOwed = Array(repeating: Array(repeating: false, count: typeSlots), count: nfa.states.count)
        for (index, state) in nfa.states.enumerated() {
            guard case .take(let step, false) = state.kind, lazyProceed[step] else { continue }
            for entry in state.proceed {
                for t in 0..<typeSlots where cares[entry.state][t] { cares[index][t] = true }
            }
            for t in 0..<typeSlots where owed[index * typeSlots + t] && !cares[index][t] { onlyIfOwed[index][t] = true }
        }
        statesByType = FlatLists((0..<typeSlots).map { t in
            nfa.states.indices.compactMap { state in cares[state][t] ? state : onlyIfOwed[state][t] ? ~state : nil }
        })
        startsByType = FlatLists((0..<typeSlots).map { t in
            nfa.startEntries.filter { entry in
                guard case .take(let step, _) = nfa.states[entry.state].kind else { return false }
                return acceptsRows[2 * step][t]
            }
        })
    }

    func typeID(of type: String) -> Int { typeIDs[type] ?? typeCount }

    /// Evaluates condition `id`'s expression over activation slots the caller has borrowed
    /// (so the slot array is not retained per evaluation).
    @inline(__always)
    func evaluate(_ id: Int, slots: UnsafeBufferPointer<CELValue>) -> CELValue {
        programs[id]!.evaluate(slots: slots)
    }

    /// Per state and local type id, whether an event of that type can change a partial match
    /// waiting there, by the conditions' rows `rows`.
    private static func cares(_ nfa: PatternNFA, rows: [[Bool]], followedByAfterLoop: [UInt64], nextAfterLoop: [UInt64],
                              typeSlots: Int) -> [[Bool]] {
        // A state cares about its step's types, the negative steps guarding it, the types the
        // greedy loops it gives way to take, and (inside a loop) its `until`.
        var cares = Array(repeating: Array(repeating: false, count: typeSlots), count: nfa.states.count)
        func mark(_ state: Int, _ condition: Int) {
            for t in 0..<typeSlots where rows[condition][t] { cares[state][t] = true }
        }
        for (index, state) in nfa.states.enumerated() {
            switch state.kind {
            case .take(let step, let firstEvent):
                mark(index, 2 * step)
                if !firstEvent {
                    mark(index, 2 * step + 1)
                    let after = followedByAfterLoop[step] | nextAfterLoop[step]
                    for negative in nfa.steps.indices where after & (1 << UInt64(negative)) != 0 { mark(index, 2 * negative) }
                }
            case .absence(let step): mark(index, 2 * step)
            case .final: break
            }
        }
        for entry in nfa.states.flatMap(\.proceed) + nfa.startEntries {
            for step in nfa.steps.indices {
                let bit = UInt64(1) << UInt64(step)
                if (entry.followedByGuards | entry.nextGuards | entry.greedyGuards) & bit != 0 { mark(entry.state, 2 * step) }
            }
        }
        for state in nfa.states {
            guard case .take(let step, _) = state.kind, nfa.steps[step].greedy else { continue }
            // Giving way needs the loop to take the event; its `until` ends the loop, and with it
            // the giving way.
            for entry in state.proceed {
                mark(entry.state, 2 * step)
                if nfa.steps[step].until != nil { mark(entry.state, 2 * step + 1) }
            }
        }
        return cares
    }

    /// A condition on the event type alone (`until: type == "purchase"`) is false for most
    /// known types whatever the event: those types are taken out of its row, as if its `on`
    /// left them out, so states waiting on it are not visited for them at all (an `until`
    /// names no types and would otherwise make its loop see every event). Only a definite
    /// `false` narrows; `true` or an error (counted when evaluated) keeps the type. Types the
    /// pattern never names share one slot: it is narrowed only for a test that compares `type`
    /// with names alone (`onlyTypes`, all of which have slots of their own), false for them all.
    private static func narrowTypeOnly(_ rows: inout [[Bool]], typeOnly: [Bool], onlyTypes: [Set<String>?],
                                       programs: [CELProgram?], typeIDs: [String: Int], stepCount: Int,
                                       device: DeviceProfile) {
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count + stepCount)
        slots[EventContext.deviceSlot] = .map(device.fields)
        let typeSlot = EventField.allCases.firstIndex(of: .type)!
        for condition in rows.indices where typeOnly[condition] {
            guard let program = programs[condition] else { continue }
            for (type, id) in typeIDs where rows[condition][id] {
                slots[typeSlot] = .string(type)
                if case .bool(false) = program.evaluate(CELActivation(slots: slots)) { rows[condition][id] = false }
            }
            if let names = onlyTypes[condition], names.allSatisfy({ typeIDs[$0] != nil }) {
                rows[condition][typeIDs.count] = false
            }
        }
    }

    /// Whether an event of this local type can change anything.
    func concerns(_ typeID: Int) -> Bool { !statesByType.range(typeID).isEmpty || !startsByType.range(typeID).isEmpty }
}
