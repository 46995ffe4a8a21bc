extension EnginePipeline {
    /// Takes over the state of the pipeline this one replaces (a deploy, a rollback) wherever
    /// this version defines it the same way: each shared state whose key, filter, group key
    /// and value channels are unchanged, the behaviour tree (when the session gap is), and
    /// the clock's watermark. Everything else — changed states, patterns' partial matches,
    /// circuit breakers — starts fresh. Returns the features whose values carried over.
    public func adoptState(from old: EnginePipeline) -> Set<String> {
        old.flushPending()
        var taken = Set<Int>()
        var kept = Set<String>()
        for (i, state) in plan.states.enumerated() {
            guard let j = old.plan.states.indices.first(where: { !taken.contains($0) && Self.sameDefinition(old.plan.states[$0], state) })
            else { continue }
            taken.insert(j)
            replaceState(i, with: old.states[j])
            kept.formUnion(state.features)
        }
        if old.project.manifest.sessionGap == project.manifest.sessionGap { adoptTree(from: old) }
        adoptWatermark(from: old)
        return kept
    }

    /// The features whose state `adoptState(from:)` would carry over, without taking anything.
    public func featuresKept(from old: EnginePipeline) -> Set<String> {
        var taken = Set<Int>()
        var kept = Set<String>()
        for state in plan.states {
            guard let j = old.plan.states.indices.first(where: { !taken.contains($0) && Self.sameDefinition(old.plan.states[$0], state) })
            else { continue }
            taken.insert(j)
            kept.formUnion(state.features)
        }
        return kept
    }

    /// Two plans of one shared state that keep the same data: the same key, filter, group key
    /// and channels (value expressions, by their text, and what each keeps).
    static func sameDefinition(_ a: SharedStatePlan, _ b: SharedStatePlan) -> Bool {
        a.key == b.key && a.filter?.text == b.filter?.text && a.groupBy?.text == b.groupBy?.text
            && a.channels.map(\.value.text) == b.channels.map(\.value.text) && a.channels.map(\.needs) == b.channels.map(\.needs)
    }
}
