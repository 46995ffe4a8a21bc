import Testing
@testable import Engine

/// The NFA against a brute-force reference on random streams: for patterns of steps taking
/// one or two events (any contiguity between and inside steps, optional steps, negations
/// between them) and no skip, the matches are exactly the index tuples the definitions of
/// Flink's contiguities allow.
@Suite struct NFAReferenceTests {
    struct Step {
        var type: String
        var contiguity: Contiguity
        /// A negative step just before this one: (type, strict?).
        var negation: (type: String, next: Bool)?
        var times = 1
        var loopContiguity = Contiguity.relaxed
        var optional = false
    }

    /// Every match by definition, as lists of event indices: each step's first event relates
    /// to the previous event by the step's contiguity, its later events by the loop's; a
    /// negation holds between the previous event and the next one taken (which is not between)
    /// and a `not: followed_by` after a loop also between the loop's events (Flink: from its
    /// first event on).
    static func reference(_ steps: [Step], _ types: [String]) -> [[Int]] {
        var results: [[Int]] = []
        func allowed(_ i: Int, after last: Int, _ type: String, _ contiguity: Contiguity) -> Bool {
            switch contiguity {
            case .strict: i == last + 1
            case .relaxed: !types[(last + 1)..<i].contains(type)
            case .any: true
            }
        }
        func negationsHold(_ negations: [(type: String, next: Bool)], between last: Int, and i: Int) -> Bool {
            negations.allSatisfy { negation in
                negation.next ? !(last + 1 < types.count && types[last + 1] == negation.type)
                    : !types[(last + 1)..<i].contains(negation.type)
            }
        }
        /// Step `j` is next; `negations` guard its first event.
        func extend(_ chosen: [Int], step j: Int, negations: [(type: String, next: Bool)]) {
            guard j < steps.count else { results.append(chosen); return }
            let step = steps[j]
            let guards = negations + (step.negation.map { [$0] } ?? [])
            if step.optional { extend(chosen, step: j + 1, negations: guards) }
            guard let last = chosen.last else {
                for i in types.indices where types[i] == step.type { take(chosen + [i], step: j, taken: 1) }
                return
            }
            for i in (last + 1)..<types.count where types[i] == step.type
                && allowed(i, after: last, step.type, step.contiguity) && negationsHold(guards, between: last, and: i) {
                take(chosen + [i], step: j, taken: 1)
            }
        }
        func take(_ chosen: [Int], step j: Int, taken: Int) {
            let step = steps[j]
            guard taken < step.times else { extend(chosen, step: j + 1, negations: []); return }
            let last = chosen.last!
            // `times: 2` has its minimum only at its last event, so a `not: next` does not apply yet.
            let after = j + 1 < steps.count ? steps[j + 1].negation.map { [$0] }?.filter { !$0.next } ?? [] : []
            for i in (last + 1)..<types.count where types[i] == step.type
                && allowed(i, after: last, step.type, step.loopContiguity) && negationsHold(after, between: last, and: i) {
                take(chosen + [i], step: j, taken: taken + 1)
            }
        }
        extend([], step: 0, negations: [])
        return results
    }

    static func yaml(_ steps: [Step]) -> String {
        var lines = ["kind: pattern", "name: p", "steps:"]
        for (i, step) in steps.enumerated() {
            if let negation = step.negation {
                lines.append("  - {name: not\(i), on: \(negation.type), not: \(negation.next ? "next" : "followed_by")}")
            }
            var options = "contiguity: \(step.contiguity.rawValue)"
            if step.times > 1 {
                options += ", times: \(step.times)"
                switch step.loopContiguity {
                case .strict: options += ", consecutive: true"
                case .any: options += ", combinations: true"
                case .relaxed: break
                }
            }
            if step.optional { options += ", optional: true" }
            lines.append("  - {name: s\(i), on: \(step.type), \(options)}")
        }
        return lines.joined(separator: "\n")
    }

    @Test func randomPatternsMatchExactlyWhatTheDefinitionsAllow() throws {
        var random = SeededRandom(seed: 42)
        let alphabet = ["a", "b", "c", "d"]
        for _ in 0..<300 {
            let count = 2 + Int(random.next() % 2)
            var steps: [Step] = []
            for i in 0..<count {
                var step = Step(type: alphabet[Int(random.next() % 3)], contiguity: Contiguity.allCases[Int(random.next() % 3)])
                // Flink rejects a negative step right after an optional one.
                if i > 0, random.next() % 3 == 0, !steps[i - 1].optional { step.negation = ("d", random.next() % 2 == 0) }
                if random.next() % 3 == 0 {
                    step.times = 2
                    step.loopContiguity = Contiguity.allCases[Int(random.next() % 3)]
                }
                // Never every step optional: that pattern could match nothing.
                if i > 0, i < count - 1 || !steps.allSatisfy(\.optional), random.next() % 4 == 0 { step.optional = true }
                steps.append(step)
            }
            if steps.allSatisfy(\.optional) { steps[0].optional = false }
            let types = (0..<12).map { _ in alphabet[Int(random.next() % 4)] }
            var h = try MatchHarness(Self.yaml(steps))
            let events = types.enumerated().map { i, type in MatchHarness.event("\(type)\(i)", at: MatchHarness.start + Int64(i)) }
            let found = h.feed(events).sorted()
            let expected = Self.reference(steps, types).map { $0.map { "\(types[$0])\($0)" }.joined(separator: " ") }.sorted()
            #expect(found == expected, "\(Self.yaml(steps))\nover \(types.joined(separator: " "))")
        }
    }
}

