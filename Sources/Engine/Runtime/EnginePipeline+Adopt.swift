extension EnginePipeline {
    /// Takes over the state of the pipeline this one replaces (a deploy, a rollback) wherever
    /// this version defines it the same way: each shared state whose key, filter, group key
    /// and value channels are unchanged, the behaviour tree (when the session gap is), and
    /// the clock's watermark. Everything else — changed states, patterns' partial matches,
    /// circuit breakers — starts fresh. Returns the features whose values carried over.
    public func adoptState(from old: EnginePipeline) -> Set<String> {
        old.flushPending()
        var kept = Set<String>()
        for (i, j) in sameStates(in: old) {
            replaceState(i, with: old.states[j])
            kept.formUnion(plan.states[i].features)
        }
        if old.project.manifest.sessionGap == project.manifest.sessionGap { adoptTree(from: old) }
        adoptWatermark(from: old)
        return kept
    }

    /// The features whose state `adoptState(from:)` would carry over, without taking anything.
    public func featuresKept(from old: EnginePipeline) -> Set<String> {
        Set(sameStates(in: old).flatMap { plan.states[$0.new].features })
    }

    /// Each of this version's shared states that `old` defines the same way, paired with that
    /// one (each old state taken once, in plan order).
    private func sameStates(in old: EnginePipeline) -> [(new: Int, old: Int)] {
        var taken = Set<Int>()
        var pairs: [(new: Int, old: Int)] = []
        for (i, state) in plan.states.enumerated() {
            guard let j = old.plan.states.indices.first(where: { !taken.contains($0) && Self.sameDefinition(old.plan.states[$0], state) })
            else { continue }
            taken.insert(j)
            pairs.append((i, j))
        }
        return pairs
    }

    /// Two plans of one shared state that keep the same data: the same key, filter, group key
    /// and channels (value expressions, by their text, and what each keeps).
    static func sameDefinition(_ a: SharedStatePlan, _ b: SharedStatePlan) -> Bool {
        a.key == b.key && a.filter?.text == b.filter?.text && a.groupBy?.text == b.groupBy?.text
            && a.channels.map(\.value.text) == b.channels.map(\.value.text) && a.channels.map(\.needs) == b.channels.map(\.needs)
    }
}
