/// The NFA as text: states, their transitions with conditions (for `featide explain` and the IDE).
extension PatternNFA {
    public func describe(liveCounts: [Int]? = nil) -> [String] {
        var header = "pattern \(pattern.name): \(states.count) states"
        if let within = pattern.within { header += ", within \(within)" }
        header += ", skip \(Self.skipName(pattern.skip))"
        if pattern.emitOnTimeout { header += ", on_timeout emit" }
        var lines = [header, "  start → " + startEntries.map(entryText).joined(separator: " | ")]
        for (index, state) in states.enumerated() {
            let live = liveCounts.map { "  (\($0[index]) live)" } ?? ""
            switch state.kind {
            case .final:
                lines.append("  s\(index) final: a match")
            case .absence(let step):
                let s = steps[step]
                let wait = s.absenceFor.map { "\(TimeSpan(milliseconds: $0)) after the previous event" } ?? "the end of within"
                lines.append("  s\(index) \(s.name) (absence)\(live)")
                lines.append("      ends the match on    \(conditionText(s.take))")
                lines.append("      at \(wait) → " + state.proceed.map(entryText).joined(separator: " | "))
            case .take(let step, let firstEvent):
                let s = steps[step]
                lines.append("  s\(index) \(s.name) (\(firstEvent ? "first event" : "loop")), \(state.contiguity.rawValue)\(live)")
                var take = "      take \(conditionText(s.take))"
                if let loop = state.loopState { take += " → s\(loop) while fewer than \(s.quantifier.max.map(String.init) ?? "∞")" }
                lines.append(take)
                lines.append("      proceed with at least \(s.quantifier.min) → " + state.proceed.map(entryText).joined(separator: " | "))
                if firstEvent, s.quantifier.canSkip { lines.append("      optional: a match may also go on without this step") }
                if !firstEvent, let until = s.until { lines.append("      stop on \(conditionText(until))") }
                if s.greedy { lines.append("      greedy: the next step gives way while this loop takes the event") }
                switch state.contiguity {
                case .strict: lines.append("      any other event ends the match")
                case .relaxed: lines.append("      ignore events it does not take")
                case .any: lines.append("      ignore any event (a branch also waits on)")
                }
            }
        }
        return lines
    }

    private func entryText(_ entry: NFAEntry) -> String {
        var text = "s\(entry.state)"
        var guards: [String] = []
        for step in steps.indices where entry.followedByGuards & (1 << UInt64(step)) != 0 {
            guards.append("no \(steps[step].name) before")
        }
        for step in steps.indices where entry.nextGuards & (1 << UInt64(step)) != 0 {
            guards.append("\(steps[step].name) not next")
        }
        for step in steps.indices where entry.greedyGuards & (1 << UInt64(step)) != 0 {
            guards.append("gives way to greedy \(steps[step].name)")
        }
        if !guards.isEmpty { text += " [\(guards.joined(separator: ", "))]" }
        return text
    }

    private func conditionText(_ condition: StepCondition) -> String {
        let types = condition.types.map { $0.sorted().joined(separator: "|") } ?? "any event"
        return condition.text.map { "\(types) where \($0)" } ?? types
    }

    static func skipName(_ skip: SkipStrategy) -> String {
        switch skip {
        case .noSkip: "no_skip"
        case .toNext: "to_next"
        case .pastLastEvent: "past_last_event"
        case .toFirst(let ref): "to_first \(ref.name)"
        case .toLast(let ref): "to_last \(ref.name)"
        }
    }
}
