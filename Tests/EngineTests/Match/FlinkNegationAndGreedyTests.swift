import Testing
@testable import Engine

/// Pattern semantics where featide differed from Flink CEP (its documentation and its own
/// tests agree): negations after loops, the event a step takes, greedy loops ended by `until`.
@Suite struct FlinkNegationAndGreedyTests {
    /// Flink's `NotPatternITCase.testTimesWithNotFollowedBy`: the negation after a loop applies
    /// from the loop's first event, so a `d` between the two `b`s rules the match out.
    static let timesThenNotFollowedBy = """
        kind: pattern
        name: p
        within: 5s
        steps:
          - {name: b, on: b, times: 2}
          - {name: no_d, on: d, not: followed_by}
        """

    @Test func aNegationAfterALoopAppliesFromTheLoopsFirstEvent() throws {
        var h = try MatchHarness(Self.timesThenNotFollowedBy)
        h.feed("b0 d1 b2")
        #expect(h.advance(to: MatchHarness.start + 60_000) == [])
        var clean = try MatchHarness(Self.timesThenNotFollowedBy)
        clean.feed("b0 x1 b2")
        #expect(clean.advance(to: MatchHarness.start + 60_000) == ["b0 b2"])
    }

    /// The same for a negation guarding a later step, and for `not: next` inside a relaxed loop.
    @Test func aNegationAfterALoopGuardsTheLoopsEventsToo() throws {
        var followed = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a}
              - {name: b, on: b, one_or_more: true, until: type == "e"}
              - {name: no_c, on: c, not: followed_by}
              - {name: d, on: d}
            """)
        #expect(followed.feed("a0 b1 c2 b3 d4") == [])
        var next = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: a, on: a}
              - {name: b, on: b, one_or_more: true, until: type == "e"}
              - {name: no_c, on: c, not: next}
              - {name: d, on: d}
            """)
        #expect(next.feed("a0 b1 c2 b3 d4") == [])
        #expect(Set(next.feed("a5 b6 x7 b8 d9")) == ["a5 b6 d9", "a5 b6 b8 d9"])
    }

    /// Checked against Flink 2.3 (the oracle): a `not: next` after a loop applies only once the
    /// loop has its minimum; an event the loop takes that matches the negation after it ends
    /// the partial match too.
    @Test func loopNegationsFollowFlinkInTheirDetails() throws {
        let timesThenNotNext = """
            kind: pattern
            name: p
            steps:
              - {name: c, on: c, times: 2}
              - {name: no_a, on: a, not: next}
              - {name: b, on: b}
            """
        var below = try MatchHarness(timesThenNotNext)
        #expect(below.feed("c0 a1 c2 b3") == ["c0 c2 b3"])
        var taken = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: c, on: c, one_or_more: true, until: type == "e"}
              - {name: no_c, on: c, not: followed_by}
              - {name: b, on: b}
            """)
        #expect(taken.feed("c0 c1 b2") == ["c1 b2"])
    }

    /// Flink 2.3 (its oracle): `until` applies to the loop's first event too.
    @Test func untilAppliesToTheLoopsFirstEventToo() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: c, on: c}
              - {name: a, on: a, one_or_more: true, until: params.id == "a1"}
              - {name: b, on: b}
            """)
        #expect(h.feed("c0 a1 b2") == [])
        // c0 let a1 pass (relaxed), so it goes on with a4 as well.
        #expect(Set(h.feed("c3 a4 b5")) == ["c0 a4 b5", "c3 a4 b5"])
    }

    /// The event the next step takes is not "between" for the negation before that step.
    @Test func theEventAStepTakesIsNotBetweenForTheNegationBeforeIt() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: c, on: c}
              - {name: no_b, on: b, not: followed_by}
              - {name: b, on: b}
            """)
        #expect(h.feed("c0 b1") == ["c0 b1"])
        #expect(h.feed("c2 b3 b4") == ["c2 b3"])
    }

    /// A greedy loop ended by `until` no longer takes events, so the branch that left it
    /// before the `until` event stays.
    @Test func aGreedyLoopEndedByUntilKeepsTheBranchThatLeftIt() throws {
        var h = try MatchHarness("""
            kind: pattern
            name: p
            steps:
              - {name: d, on: d, one_or_more: true, greedy: true, until: type == "a"}
              - {name: e, on: e}
            """)
        #expect(Set(h.feed("d0 a1 d2 e3")) == ["d0 e3", "d2 e3"])
    }
}

/// What Flink rejects at load: `until` on a bounded `times` range, an optional step right
/// after a greedy one.
@Suite struct FlinkRejectedPatternTests {
    static func diagnostics(_ steps: String) throws -> [String] {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "patterns/p.yaml": "kind: pattern\nname: p\nwithin: 1m\nsteps:\n" + steps,
        ])
        defer { project.remove() }
        return project.diagnostics()
    }

    @Test func untilOnABoundedTimesRangeIsAnError() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a, times: {min: 1, max: 3}, until: type == "b"}
              - {name: c, on: c}
            """) == [
            "patterns/p.yaml:5:5: error: step 'a' has 'until' on a loop bounded at 3 events; expected times: {min: N} or one_or_more",
        ])
        #expect(try Self.diagnostics("  - {name: a, on: a, times: {min: 2}, until: type == \"b\"}\n  - {name: c, on: c}\n") == [])
    }

    @Test func anOptionalStepAfterAGreedyOneIsAnError() throws {
        #expect(try Self.diagnostics("""
              - {name: a, on: a, one_or_more: true, greedy: true}
              - {name: b, on: b, optional: true}
              - {name: c, on: c}
            """) == ["patterns/p.yaml:6:5: error: optional step 'b' cannot follow the greedy step 'a'"])
    }
}
