/// Matches out: the after-match skip strategy, the records decisions see, and the bound on
/// live partial matches.
extension MatcherCore {
    /// Emits the matches found, earliest start first (as Flink does) and, from the same start,
    /// the one with more events first; each emitted match discards, by the skip strategy, the
    /// partial matches and not yet emitted matches it overlaps.
    mutating func emitCompletions(_ emit: (PatternMatch) -> Void) {
        guard !completions.isEmpty else { return }
        if completions.count == 1 {
            let completion = completions.removeLast()
            // The usual single match reuses one array for its chain (taken out of the core
            // while filled, so it stays uniquely referenced and is not copied).
            var chain = chainScratch
            chainScratch = []
            buffer.chain(completion.node, into: &chain)
            emitCompletion(completion, chain, emit)
            chainScratch = chain
            buffer.release(completion.node)
            return
        }
        // Sorted by length, not by chain: most of them are skipped, and their chains never built.
        var found = completions.map { ($0, buffer.chainLength($0.node)) }
        found.sort { ($0.0.startSeq, $1.1) < ($1.0.startSeq, $0.1) }
        completions.removeAll(keepingCapacity: true)
        var pruneBelow = Int64.min
        var chain = chainScratch
        chainScratch = []
        for (completion, _) in found {
            defer { buffer.release(completion.node) }
            if completion.startSeq < pruneBelow {
                stats.skipped += 1
                continue
            }
            buffer.chain(completion.node, into: &chain)
            if let bound = emitCompletion(completion, chain, emit) { pruneBelow = max(pruneBelow, bound) }
        }
        chainScratch = chain
    }

    /// Emits one match and prunes by the skip strategy; returns the pruning bound.
    @discardableResult
    private mutating func emitCompletion(_ completion: Completion, _ chain: [Int32],
                                         _ emit: (PatternMatch) -> Void) -> Int64? {
        emit(match(chain, at: completion.ts, timedOut: false))
        stats.matches += 1
        guard let bound = skipBound(chain) else { return nil }
        prune(startingBefore: bound)
        return bound
    }

    /// Partial matches that started before the returned sequence number are discarded.
    private func skipBound(_ chain: [Int32]) -> Int64? {
        guard let first = chain.first, let last = chain.last else { return nil }
        func stepIndex(_ ref: NameReference) -> Int? { nfa.steps.firstIndex { $0.name == ref.name } }
        switch nfa.pattern.skip {
        case .noSkip: return nil
        case .toNext: return buffer.seq(of: first) + 1
        case .pastLastEvent: return buffer.seq(of: last) + 1
        case .toFirst(let ref):
            // No event of that step: Flink falls back to no skip.
            return chain.first { buffer.step(of: $0) == stepIndex(ref) }.map(buffer.seq(of:))
        case .toLast(let ref):
            return chain.last { buffer.step(of: $0) == stepIndex(ref) }.map(buffer.seq(of:))
        }
    }

    private mutating func prune(startingBefore bound: Int64) {
        for state in buckets.indices where !buckets[state].isEmpty {
            let before = buckets[state].count
            var bucket = buckets[state]
            buckets[state] = []
            if usesBucketOrder, bucketStartsInOrder[state] {
                // Those started before the bound are a prefix: no scan of the rest.
                var pruned = 0
                while pruned < bucket.count, bucket[pruned].startSeq < bound {
                    buffer.release(bucket[pruned].node)
                    pruned += 1
                }
                bucket.removeFirst(pruned)
            } else {
                bucket.removeAll { run in
                    guard run.startSeq < bound else { return false }
                    buffer.release(run.node)
                    return true
                }
            }
            stats.skipped += before - bucket.count
            livePartialMatches -= before - bucket.count
            buckets[state] = bucket
        }
    }

    func match(_ chain: [Int32], at t: Int64, timedOut: Bool) -> PatternMatch {
        // Each array is made at its final size: growing them cost more than the copies.
        var runs = 0
        var lastStep = -1
        for node in chain where buffer.step(of: node) != lastStep {
            runs += 1
            lastStep = buffer.step(of: node)
        }
        var steps: [(name: String, events: [Event])] = []
        steps.reserveCapacity(runs)
        var start = 0
        while start < chain.count {
            let step = buffer.step(of: chain[start])
            var end = start + 1
            while end < chain.count, buffer.step(of: chain[end]) == step { end += 1 }
            var events: [Event] = []
            events.reserveCapacity(end - start)
            for node in chain[start..<end] { events.append(buffer.event(of: node)) }
            steps.append((nfa.steps[step].name, events))
            start = end
        }
        return PatternMatch(pattern: nfa.pattern.name, ts: t, steps: steps, timedOut: timedOut)
    }

    /// Over `max_partial_matches`, the oldest partial matches (earliest first event) go.
    mutating func enforceBound() {
        var excess = livePartialMatches - maxPartialMatches
        guard excess > 0 else { return }
        stats.dropped += excess
        while excess > 0, let (state, index) = oldestPartialMatch() {
            buffer.release(buckets[state].remove(at: index).node)
            livePartialMatches -= 1
            if buckets[state].isEmpty { bucketStartsInOrder[state] = true }
            excess -= 1
        }
    }

    private func oldestPartialMatch() -> (state: Int, index: Int)? {
        var oldest: (state: Int, index: Int, seq: Int64)?
        for state in buckets.indices where !buckets[state].isEmpty {
            let bucket = buckets[state]
            var index = 0
            if !bucketStartsInOrder[state] {
                for i in bucket.indices where bucket[i].startSeq < bucket[index].startSeq { index = i }
            }
            if bucket[index].startSeq < oldest?.seq ?? .max { oldest = (state, index, bucket[index].startSeq) }
        }
        return oldest.map { ($0.state, $0.index) }
    }

    /// Strict states whose next event has passed without them hold nothing alive: free them.
    mutating func collectMissedStrict(lastSeq: Int64) {
        for state in buckets.indices where tables.contiguity[state] == .strict && !buckets[state].isEmpty {
            var bucket = buckets[state]
            buckets[state] = []
            let before = bucket.count
            bucket.removeAll { run in
                guard run.lastSeq + 1 <= lastSeq else { return false }
                buffer.release(run.node)
                return true
            }
            livePartialMatches -= before - bucket.count
            buckets[state] = bucket
        }
    }
}
