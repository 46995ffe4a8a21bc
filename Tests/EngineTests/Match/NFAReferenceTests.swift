import Testing
@testable import Engine

/// The NFA against a brute-force reference on random streams: for patterns of single-event
/// steps (any contiguity, with negations between them) and no skip, the matches are exactly
/// the index tuples the definitions of Flink's contiguities allow.
@Suite struct NFAReferenceTests {
    struct Step {
        var type: String
        var contiguity: Contiguity
        /// A negative step just before this one: (type, strict?).
        var negation: (type: String, next: Bool)?
    }

    /// Every match by definition, as lists of event indices.
    static func reference(_ steps: [Step], _ types: [String]) -> [[Int]] {
        var results: [[Int]] = []
        func extend(_ chosen: [Int]) {
            guard chosen.count < steps.count else { results.append(chosen); return }
            let step = steps[chosen.count]
            let last = chosen.last!
            for i in (last + 1)..<types.count where types[i] == step.type {
                switch step.contiguity {
                case .strict: guard i == last + 1 else { continue }
                case .relaxed: guard !types[(last + 1)..<i].contains(step.type) else { continue }
                case .any: break
                }
                if let negation = step.negation {
                    if negation.next, last + 1 < types.count, types[last + 1] == negation.type { continue }
                    if !negation.next, types[(last + 1)..<i].contains(negation.type) { continue }
                }
                extend(chosen + [i])
            }
        }
        for i in types.indices where types[i] == steps[0].type { extend([i]) }
        return results
    }

    static func yaml(_ steps: [Step]) -> String {
        var lines = ["kind: pattern", "name: p", "steps:"]
        for (i, step) in steps.enumerated() {
            if let negation = step.negation {
                lines.append("  - {name: not\(i), on: \(negation.type), not: \(negation.next ? "next" : "followed_by")}")
            }
            lines.append("  - {name: s\(i), on: \(step.type), contiguity: \(step.contiguity.rawValue)}")
        }
        return lines.joined(separator: "\n")
    }

    @Test func randomPatternsMatchExactlyWhatTheDefinitionsAllow() throws {
        var random = SplitMix(seed: 42)
        let alphabet = ["a", "b", "c", "d"]
        for _ in 0..<150 {
            let count = 2 + Int(random.next() % 2)
            var steps: [Step] = []
            for i in 0..<count {
                var step = Step(type: alphabet[Int(random.next() % 3)], contiguity: Contiguity.allCases[Int(random.next() % 3)])
                if i > 0, random.next() % 3 == 0 { step.negation = ("d", random.next() % 2 == 0) }
                steps.append(step)
            }
            let types = (0..<12).map { _ in alphabet[Int(random.next() % 4)] }
            var h = try MatchHarness(Self.yaml(steps))
            let events = types.enumerated().map { i, type in MatchHarness.event("\(type)\(i)", at: MatchHarness.start + Int64(i)) }
            let found = h.feed(events).sorted()
            let expected = Self.reference(steps, types).map { $0.map { "\(types[$0])\($0)" }.joined(separator: " ") }.sorted()
            #expect(found == expected, "\(Self.yaml(steps))\nover \(types.joined(separator: " "))")
        }
    }
}

/// A seeded generator, so a failure reproduces.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
