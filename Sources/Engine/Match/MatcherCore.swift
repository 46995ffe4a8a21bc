/// The mutable state of one pattern's matching: partial matches grouped by the state they
/// wait in, their events in a shared buffer, and timers for `within` and absence steps.
/// A value type so the hot path touches its fields without dynamic exclusivity checks;
/// `PatternMatcher` owns it. What it writes on every event (the buckets and their flags, the
/// condition caches, the buffer) is in classes written without copy-on-write checks
/// (`UncheckedArray`, `MatchBuffer`): a copy of a core shares them, so only the owner's copy
/// matches, and a snapshot copies them.
///
/// Events must arrive in `ts` order with increasing sequence numbers; a sequence number
/// counts every event, also those this pattern never looks at, so strict contiguity sees them.
struct MatcherCore {
    let nfa: PatternNFA
    let tables: MatcherTables
    let maxPartialMatches: Int
    let within: Int64?
    var stats = PatternMatcherStats()

    /// Partial matches by the state they wait in, in the order they arrived there.
    var buckets: UncheckedArray<[PartialMatch]>
    /// Whether a bucket is also in order of first event (usual: matches arrive as they start),
    /// so its oldest is its first and the bound finds it without a scan.
    var bucketStartsInOrder: UncheckedArray<Bool>
    /// Whether a bucket is also in order of timer (usual: matches wait from when they arrive),
    /// so the clock fires its first ones without a scan. A partial match's timer never changes
    /// while it waits in a bucket.
    var bucketTimersInOrder: UncheckedArray<Bool>
    /// False: timers and skips scan every partial match instead of using the buckets' order
    /// (the plain way the ordered one is tested against).
    var usesBucketOrder = true
    /// Whether a bucket may hold a partial match owing its moved-on branch (`owesProceed`):
    /// set when one joins, recomputed when the bucket is advanced, so event types only such a
    /// branch would see skip the bucket while none is owed.
    var bucketMayOwe: UncheckedArray<Bool>
    /// A class, shared by copies of this core: only snapshots copy it.
    var buffer: MatchBuffer
    /// Partial matches in all buckets (kept in step with them, so the bound costs nothing per event).
    var livePartialMatches = 0
    /// The activation's slots: event variables, `device`, then one slot per step (bound per
    /// partial match when read). Written without copy-on-write checks, read in place.
    var activationSlots: UncheckedArray<CELValue>
    var boundSeq: Int64 = -1
    /// Per condition, the result for event `cacheSeq` when it does not depend on earlier
    /// steps: every partial match waiting on it shares one evaluation.
    var cacheSeq: UncheckedArray<Int64>
    var cacheValue: UncheckedArray<Bool>
    /// For a condition reading one earlier step: results for event `cacheSeq` by the stored
    /// slot of that step's event, so partial matches sharing it share one evaluation.
    var cacheBySlot: UncheckedArray<[(slot: Int32, value: Bool)]>
    /// For a condition on the type alone, by `condition * typeSlots + typeID`: -1 not yet known.
    var cacheByType: UncheckedArray<Int8>
    /// The earliest absence deadline or `within` end among the partial matches (may be early).
    var nextDeadline: Int64 = .max
    /// Work lists reused across events. `spawned` holds `spawnedCount` new partial matches; it
    /// is overwritten, not emptied (emptying an array keeping its storage is a slow generic call).
    var spawned = UncheckedArray<PartialMatch>()
    var spawnedCount = 0
    var completions: [Completion] = []
    var chainScratch: [Int32] = []
    /// Nodes already reported as timed out in the current timer sweep.
    var reportedTimeouts: Set<Int32> = []

    /// - Parameter events: where the buffer stores its events, shared with the other patterns.
    init(nfa: PatternNFA, maxPartialMatches: Int, device: DeviceProfile, events: SharedEvents = SharedEvents()) {
        self.nfa = nfa
        buffer = MatchBuffer(store: events)
        tables = MatcherTables(nfa, device: device)
        self.maxPartialMatches = maxPartialMatches
        within = nfa.within
        buckets = UncheckedArray(repeating: [], count: nfa.states.count)
        bucketStartsInOrder = UncheckedArray(repeating: true, count: nfa.states.count)
        bucketTimersInOrder = UncheckedArray(repeating: true, count: nfa.states.count)
        bucketMayOwe = UncheckedArray(repeating: false, count: nfa.states.count)
        var slots = [CELValue](repeating: .null, count: EventContext.variables.count + nfa.steps.count)
        slots[EventContext.deviceSlot] = .map(device.fields)
        activationSlots = UncheckedArray(slots)
        cacheSeq = UncheckedArray(repeating: -1, count: nfa.steps.count * 2)
        cacheValue = UncheckedArray(repeating: false, count: nfa.steps.count * 2)
        cacheBySlot = UncheckedArray(repeating: [], count: nfa.steps.count * 2)
        cacheByType = UncheckedArray(repeating: -1, count: nfa.steps.count * 2 * tables.typeSlots)
    }

    // MARK: Events

    /// Applies one event: timers due by its time fire first, then every partial match that
    /// waits on its type moves, and a new match may begin.
    mutating func process(_ event: Event, typeID: Int, seq: Int64, emit: (PatternMatch) -> Void) {
        if event.ts >= nextDeadline { fireTimers(upTo: event.ts, lastSeq: seq - 1, emit: emit) }
        for k in tables.statesByType.range(typeID) {
            let entry = tables.statesByType.values[k]
            let state = entry >= 0 ? entry : ~entry
            if !buckets[state].isEmpty, entry >= 0 || bucketMayOwe[state] { advanceBucket(state, event, typeID, seq) }
        }
        for k in tables.startsByType.range(typeID) {
            let entry = tables.startsByType.values[k]
            var start = PartialMatch(
                startSeq: seq, startTs: event.ts, lastSeq: seq - 1, deadline: .max, followedByGuards: 0, nextGuards: 0,
                greedyGuards: entry.greedyGuards, state: Int32(entry.state), count: 0, node: MatchBuffer.none,
                greedyOnce: entry.greedyOnce)
            _ = advance(&start, event, typeID, seq)
        }
        if spawnedCount > 0 || !completions.isEmpty { settle(emit: emit) }
    }

    private mutating func advanceBucket(_ state: Int, _ event: Event, _ typeID: Int, _ seq: Int64) {
        var owes = false
        // Written in place through a pointer: advancing a partial match never touches the
        // buckets (new ones wait in `spawned` until `settle`).
        let (count, kept) = buckets[state].withUnsafeMutableBufferPointer { runs in
            var kept = 0
            for i in runs.indices {
                var run = runs[i]
                if advance(&run, event, typeID, seq) {
                    owes = owes || run.owesProceed
                    runs[kept] = run
                    kept += 1
                } else {
                    buffer.release(run.node)
                }
            }
            return (runs.count, kept)
        }
        if kept < count {
            livePartialMatches -= count - kept
            buckets[state].truncate(to: kept)
        }
        bucketMayOwe[state] = owes
    }

    /// New partial matches join their states; finished ones are emitted under the skip
    /// strategy; then the bound is enforced.
    mutating func settle(emit: (PatternMatch) -> Void) {
        for i in 0..<spawnedCount {
            let run = spawned[i]
            let state = Int(run.state)
            let timer = run.timer(within)
            if let last = buckets[state].last {
                if last.startSeq > run.startSeq { bucketStartsInOrder[state] = false }
                if last.timer(within) > timer { bucketTimersInOrder[state] = false }
            } else {
                bucketTimersInOrder[state] = true
            }
            buckets[state].append(run)
            if run.owesProceed { bucketMayOwe[state] = true }
            livePartialMatches += 1
            nextDeadline = min(nextDeadline, timer)
        }
        spawnedCount = 0
        emitCompletions(emit)
        enforceBound()
    }

    // MARK: Time

    /// Moves the clock to `t`: absence steps whose time has passed complete, and partial
    /// matches past `within` time out, even when no event arrives.
    mutating func fireTimers(upTo t: Int64, lastSeq: Int64, emit: (PatternMatch) -> Void) {
        guard t >= nextDeadline else { return }
        reportedTimeouts.removeAll(keepingCapacity: true)
        var fired = true
        while fired {
            fired = false
            var earliest = Int64.max
            for state in buckets.indices where !buckets[state].isEmpty {
                // An ordered bucket whose first is not due has nothing due: it is not taken out.
                if usesBucketOrder, bucketTimersInOrder[state], let first = buckets[state].first?.timer(within), first > t {
                    earliest = min(earliest, first)
                    continue
                }
                var bucket: [PartialMatch] = []
                swap(&bucket, &buckets[state])
                let before = bucket.count
                if usesBucketOrder, bucketTimersInOrder[state] {
                    // The due ones are a prefix: the work is the number that fire, not the number alive.
                    var due = 0
                    while due < bucket.count, bucket[due].timer(within) <= t {
                        fired = fire(bucket[due], lastSeq: lastSeq, emit: emit) || fired
                        due += 1
                    }
                    bucket.removeFirst(due)
                    earliest = min(earliest, bucket.first?.timer(within) ?? .max)
                } else {
                    var kept = 0
                    for i in bucket.indices {
                        let timer = bucket[i].timer(within)
                        if timer <= t {
                            fired = fire(bucket[i], lastSeq: lastSeq, emit: emit) || fired
                        } else {
                            earliest = min(earliest, timer)
                            bucket[kept] = bucket[i]
                            kept += 1
                        }
                    }
                    bucket.removeLast(bucket.count - kept)
                }
                livePartialMatches -= before - bucket.count
                swap(&bucket, &buckets[state])
            }
            nextDeadline = earliest
            if fired { settle(emit: emit) }
        }
    }

    /// A partial match whose timer is due: its absence step completes (true: the match moves
    /// on) or it times out.
    private mutating func fire(_ run: PartialMatch, lastSeq: Int64, emit: (PatternMatch) -> Void) -> Bool {
        defer { buffer.release(run.node) }
        let windowEnd = run.windowEnd(within)
        guard run.deadline <= windowEnd else {
            timeOut(run, at: windowEnd, emit: emit)
            return false
        }
        completeAbsence(run, at: run.deadline, lastSeq: lastSeq)
        return true
    }

    /// Reports a timed-out partial match once, even when several branches (a loop and the
    /// branch that moved on from it) share the same events.
    private mutating func timeOut(_ run: PartialMatch, at t: Int64, emit: (PatternMatch) -> Void) {
        stats.timedOut += 1
        guard nfa.pattern.emitOnTimeout, run.node != MatchBuffer.none, reportedTimeouts.insert(run.node).inserted else { return }
        emit(match(buffer.chain(run.node), at: t, timedOut: true))
    }
}

extension MatcherCore {
    /// A pattern's partial matches, their events and timers, for a snapshot. Per-event
    /// caches are not kept: they are keyed by sequence numbers that only grow.
    struct Snapshot: Codable {
        var stats: PatternMatcherStats
        var buckets: [[PartialMatch]]
        var bucketStartsInOrder: [Bool]
        var buffer: MatchBuffer
        var livePartialMatches: Int
        var nextDeadline: Int64
        var reportedTimeouts: Set<Int32>
    }

    var snapshot: Snapshot {
        Snapshot(stats: stats, buckets: buckets.elements, bucketStartsInOrder: bucketStartsInOrder.elements,
                 buffer: buffer.copy(), livePartialMatches: livePartialMatches, nextDeadline: nextDeadline,
                 reportedTimeouts: reportedTimeouts)
    }

    mutating func restore(_ snapshot: Snapshot) throws(SnapshotError) {
        guard snapshot.buckets.count == buckets.count, snapshot.bucketStartsInOrder.count == buckets.count else {
            throw SnapshotError("pattern \(nfa.pattern.name) has \(buckets.count) states, the snapshot \(snapshot.buckets.count)")
        }
        stats = snapshot.stats
        buckets = UncheckedArray(snapshot.buckets)
        bucketStartsInOrder = UncheckedArray(snapshot.bucketStartsInOrder)
        bucketTimersInOrder = UncheckedArray(buckets.map { bucket in
            zip(bucket, bucket.dropFirst()).allSatisfy { $0.timer(within) <= $1.timer(within) }
        })
        bucketMayOwe = UncheckedArray(buckets.map { $0.contains(where: \.owesProceed) })
        buffer = snapshot.buffer.copy(into: buffer.store)
        livePartialMatches = snapshot.livePartialMatches
        nextDeadline = snapshot.nextDeadline
        reportedTimeouts = snapshot.reportedTimeouts
    }
}
