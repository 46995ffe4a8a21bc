extension SharedAggregationState {
    /// Timestamps and values held right now over all keys, for `featide explain`.
    public var heldItems: Int { heldItemCount }

    /// What this state's memory is bounded by, for `featide explain`.
    public var memoryBound: String {
        let window = plan.key.window
        var perKey: [String] = []
        switch window {
        case .sliding(let d):
            perKey.append("one timestamp per event in the last \(d)")
            if plan.channels.contains(where: { $0.needs.moments || $0.needs.counts || $0.needs.firstK > 0 }) {
                perKey.append("one value per event in the last \(d) for each channel needing it")
            }
        case .lastN(let n):
            perKey.append("at most \(n) values per channel")
        case .tumbling, .lifetime, .scope:
            perKey.append("constant running aggregates")
        }
        for channel in plan.channels {
            if channel.needs.counts { perKey.append("one count per distinct value of \(channel.value.text)") }
            if channel.needs.firstK > 0 || channel.needs.lastK > 0 {
                perKey.append("at most \(channel.needs.firstK + channel.needs.lastK) kept values of \(channel.value.text)")
            }
        }
        var text = "per key: " + perKey.joined(separator: "; ")
        text += isGrouped ? "; at most \(plan.key.maxKeys) keys" : "; one key"
        if let ttl = plan.key.ttl { text += "; keys idle for \(ttl) dropped" }
        if case .lifetime = window, plan.key.ttl == nil, plan.channels.contains(where: { $0.needs.counts }) {
            text += "; distinct values unbounded without ttl"
        }
        return text
    }
}
