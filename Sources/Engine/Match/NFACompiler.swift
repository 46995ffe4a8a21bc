/// Compiles a validated pattern chain into its NFA. The loader has already reported every
/// problem with file:line:col; compiling a pattern it accepted cannot fail except for an
/// expression error, which is returned rather than trapped.
public enum NFACompiler {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let pattern: String
        public let step: String
        public let location: SourceLocation
        public let error: CELCompileError
        public var description: String { "pattern '\(pattern)', step '\(step)': \(error.message)" }
    }

    /// At most 64 steps: negative-step guards are a bit set.
    public static let maxSteps = 64

    public static func compile(_ pattern: Pattern) throws(Failure) -> PatternNFA {
        precondition(pattern.steps.count <= maxSteps, "the loader limits patterns to \(maxSteps) steps")
        var steps: [CompiledStep] = []
        var earlier: [String] = []
        for step in pattern.steps {
            do {
                steps.append(CompiledStep(
                    name: step.name,
                    take: try StepCondition(types: step.on, expression: step.filter, earlierSteps: earlier),
                    until: try step.until.map { e throws(CELCompileError) in
                        try StepCondition(types: nil, expression: e, earlierSteps: earlier)
                    },
                    quantifier: step.quantifier, greedy: step.greedy, negation: step.negation,
                    absenceFor: step.absenceFor?.milliseconds))
            } catch {
                throw Failure(pattern: pattern.name, step: step.name, location: step.location, error: error)
            }
            earlier.append(step.name)
        }
        return Layout(pattern: pattern, steps: steps).build()
    }

    /// Numbers the states, then links them.
    private struct Layout {
        let pattern: Pattern
        let steps: [CompiledStep]
        var first: [Int?] = []
        var more: [Int?] = []
        var absence: [Int?] = []
        var count = 0

        init(pattern: Pattern, steps: [CompiledStep]) {
            self.pattern = pattern
            self.steps = steps
            for (i, step) in steps.enumerated() {
                let isLast = i == steps.count - 1
                let positive = step.negation == nil
                first.append(positive ? next() : nil)
                more.append(positive && (step.quantifier.max ?? 2) > 1 ? next() : nil)
                let absent = step.negation == .followedBy && (step.absenceFor != nil || isLast)
                absence.append(absent ? next() : nil)
            }
        }

        private mutating func next() -> Int {
            count += 1
            return count - 1
        }

        var finalState: Int { count }

        /// Where a match goes once step `index` is complete, crossing negative and optional steps.
        func entries(after index: Int, followedBy: UInt64 = 0, next: UInt64 = 0, greedy: UInt64 = 0,
                     greedyOnce: Bool = true) -> [NFAEntry] {
            let j = index + 1
            guard j < steps.count else {
                return [NFAEntry(state: finalState, followedByGuards: 0, nextGuards: 0, untilWindowEnds: false)]
            }
            let step = steps[j]
            let bit = UInt64(1) << UInt64(j)
            switch step.negation {
            case .next:
                return entries(after: j, followedBy: followedBy, next: next | bit, greedy: greedy, greedyOnce: greedyOnce)
            case .followedBy:
                if let state = absence[j] {
                    return [NFAEntry(state: state, followedByGuards: followedBy, nextGuards: next,
                                     untilWindowEnds: step.absenceFor == nil, greedyGuards: greedy, greedyOnce: greedyOnce)]
                }
                return entries(after: j, followedBy: followedBy | bit, next: next, greedy: greedy, greedyOnce: greedyOnce)
            case nil:
                var result = [NFAEntry(state: first[j]!, followedByGuards: followedBy, nextGuards: next,
                                       untilWindowEnds: false, greedyGuards: greedy, greedyOnce: greedyOnce)]
                if step.quantifier.canSkip {
                    // Skipping a greedy optional step is allowed only where the step would not take the event.
                    let crossed = step.greedy ? greedy | bit : greedy
                    let once = step.greedy ? greedyOnce && pattern.steps[j].contiguity == .strict : greedyOnce
                    result += entries(after: j, followedBy: followedBy, next: next, greedy: crossed, greedyOnce: once)
                }
                return result
            }
        }

        func build() -> PatternNFA {
            var states: [NFAState] = []
            for i in steps.indices {
                if first[i] != nil {
                    states.append(NFAState(kind: .take(step: i, firstEvent: true),
                                           contiguity: pattern.steps[i].contiguity,
                                           loopState: more[i], proceed: entries(after: i)))
                }
                if let state = more[i] {
                    states.append(NFAState(kind: .take(step: i, firstEvent: false),
                                           contiguity: pattern.steps[i].loopContiguity,
                                           loopState: state, proceed: entries(after: i)))
                }
                if absence[i] != nil {
                    states.append(NFAState(kind: .absence(step: i), contiguity: .relaxed, loopState: nil,
                                           proceed: entries(after: i)))
                }
            }
            states.append(NFAState(kind: .final, contiguity: .relaxed, loopState: nil, proceed: []))
            return PatternNFA(pattern: pattern, steps: steps, states: states,
                              startEntries: entries(after: -1).filter { $0.state != finalState },
                              finalState: finalState, within: pattern.within?.milliseconds)
        }
    }
}
