/// What Flink CEP rejects in a pattern, reported with file:line:col at the step at fault,
/// and a warning for state that could grow without bound (SPEC §6).
struct PatternValidator {
    let pattern: Pattern
    let context: LoadContext

    func validate() {
        if pattern.steps.count > NFACompiler.maxSteps {
            context.error(at: pattern.location,
                          "pattern '\(pattern.name)' has \(pattern.steps.count) steps; at most \(NFACompiler.maxSteps) are supported")
        }
        var seen: Set<String> = []
        for (index, step) in pattern.steps.enumerated() {
            if !seen.insert(step.name).inserted {
                context.error(at: step.location, "duplicate step name '\(step.name)' in pattern '\(pattern.name)'")
            }
            checkQuantifier(step)
            if index > 0, pattern.steps[index - 1].greedy, step.negation == nil, step.quantifier.canSkip {
                // Flink: "Optional pattern cannot be preceded by greedy pattern".
                context.error(at: step.location,
                              "optional step '\(step.name)' cannot follow the greedy step '\(pattern.steps[index - 1].name)'")
            }
            if step.negation != nil { checkNegative(step, after: index > 0 ? pattern.steps[index - 1] : nil) }
        }
        checkEnds()
        checkSkip()
    }

    private func checkQuantifier(_ step: PatternStep) {
        if step.until != nil, !step.isLoop {
            context.error(at: step.location, "step '\(step.name)' has 'until' but does not loop; expected times: {min: N} or one_or_more")
        } else if step.until != nil, let max = step.quantifier.max {
            // Flink applies `until` to unbounded loops only (oneOrMore, timesOrMore).
            context.error(at: step.location,
                          "step '\(step.name)' has 'until' on a loop bounded at \(max) events; expected times: {min: N} or one_or_more")
        }
        if step.consecutive || step.combinations, !step.isLoop {
            let option = step.consecutive ? "consecutive" : "combinations"
            context.error(at: step.location, "step '\(step.name)' has '\(option)' but does not loop; it applies between the events of a loop")
        }
        if step.consecutive, step.combinations {
            context.error(at: step.location, "step '\(step.name)' cannot be both 'consecutive' and 'combinations'")
        }
        if step.greedy, !step.isLoop {
            context.error(at: step.location, "step '\(step.name)' is greedy but does not loop; expected times: {min, max} or one_or_more")
        }
        if step.greedy, step.contiguity == .any {
            context.error(at: step.location, "step '\(step.name)' cannot be greedy with contiguity 'any'")
        }
        if step.isLoop, step.until == nil, pattern.within == nil {
            context.warning(at: step.location,
                            "step '\(step.name)' of pattern '\(pattern.name)' loops with neither 'until' nor 'within': unbounded state")
        }
    }

    private func checkNegative(_ step: PatternStep, after previous: PatternStep?) {
        if step.quantifier != .once {
            context.error(at: step.location, "negative step '\(step.name)' cannot have a quantifier")
        }
        if step.greedy || step.until != nil || step.consecutive || step.combinations {
            context.error(at: step.location, "negative step '\(step.name)' cannot be greedy or have until, consecutive or combinations")
        }
        if let previous, previous.negation == nil, previous.quantifier.canSkip {
            context.error(at: step.location, "negative step '\(step.name)' cannot follow the optional step '\(previous.name)'")
        }
        if let absence = step.absenceFor, let within = pattern.within, absence > within {
            context.error(at: step.location,
                          "pattern '\(pattern.name)' can match nothing: 'for: \(absence)' on step '\(step.name)' is longer than 'within: \(within)'")
        }
    }

    /// What Flink CEP rejects at the ends of a pattern.
    private func checkEnds() {
        for step in pattern.steps where step.absenceFor != nil && step.negation != .followedBy {
            context.error(at: step.location, "'for' on step '\(step.name)' needs 'not: followed_by'")
        }
        if let first = pattern.steps.first, first.negation != nil {
            context.error(at: first.location, "pattern '\(pattern.name)' cannot begin with a negative step")
        }
        guard let last = pattern.steps.last else { return }
        if last.negation == .next {
            context.error(at: last.location, "pattern '\(pattern.name)' cannot end with 'not: next'")
        }
        if last.negation == .followedBy, pattern.within == nil, last.absenceFor == nil {
            context.error(at: last.location,
                          "pattern '\(pattern.name)' ends with 'not: followed_by' but has neither 'within' nor 'for'")
        }
        if last.greedy {
            context.error(at: last.location, "step '\(last.name)' is the last step and cannot be greedy")
        }
        if pattern.steps.allSatisfy({ $0.negation != nil || $0.quantifier.canSkip }) {
            context.error(at: pattern.location, "pattern '\(pattern.name)' can match nothing: every step is optional or negative")
        }
    }

    /// `to_first`/`to_last` name a step that takes events.
    private func checkSkip() {
        let ref: NameReference
        switch pattern.skip {
        case .toFirst(let r), .toLast(let r): ref = r
        default: return
        }
        guard let step = pattern.steps.first(where: { $0.name == ref.name }) else {
            let names = pattern.steps.map(\.name)
            context.error(at: ref.location, "unknown step '\(ref.name)' in pattern '\(pattern.name)'\(NearestName.hint(for: ref.name, among: names))")
            return
        }
        if step.negation != nil {
            context.error(at: ref.location, "skip: step '\(ref.name)' is negative and never takes an event; name a positive step")
        }
    }
}
