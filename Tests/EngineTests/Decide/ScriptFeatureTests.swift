import Foundation
import Testing
@testable import Engine

@Suite struct ScriptFeatureTests {
    static let files = [
        "features/spend.yaml": """
            kind: feature
            name: spend
            on: click
            value: params.price
            agg: sum
            window: {sliding: 10m}
            post: scripts/cents.py
            ---
            kind: feature
            name: visits
            on: page_enter
            agg: count
            window: lifetime
            ttl: 1d
            ---
            kind: feature
            name: intent
            script: scripts/intent.py
            inputs: [spend, visits]
            ---
            kind: feature
            name: label
            script: scripts/label.py
            inputs: [intent]
            """,
        "scripts/cents.py": "def post(value, ctx):\n    return round(value * 100)\n",
        "scripts/intent.py": "def compute(ctx):\n    return 'high' if ctx.features['spend'] >= 5000 and ctx.features['visits'] >= 2 else 'low'\n",
        "scripts/label.py": "def compute(ctx):\n    return 'intent:' + ctx.features['intent']\n",
        "mocks/s.yaml": "kind: scenario\nname: s\nstart: 2026-11-21T10:00:00Z\nevents: []\nexpect:\n  - {at: 1s, feature: label, equals: x}\n",
    ]

    @Test func computeFollowsDependenciesAndRunsAgainOnlyWhenAnInputChanges() throws {
        let fixture = try DecisionFixture(Self.files)
        fixture.send("page_enter", at: 1)
        #expect(fixture.pipeline.value(of: "label", at: 1000).isEqual(to: .string("intent:low")))
        #expect(fixture.pipeline.value(of: "label", at: 1000).isEqual(to: .string("intent:low")))
        #expect(fixture.pipeline.scriptFeatureRuns["intent"] == 1)
        #expect(fixture.pipeline.scriptFeatureRuns["label"] == 1)
        fixture.send("click", at: 2, [("price", .double(60))])
        fixture.send("page_enter", at: 3)
        #expect(fixture.pipeline.value(of: "label", at: 3000).isEqual(to: .string("intent:high")))
        #expect(fixture.pipeline.scriptFeatureRuns["intent"] == 2)
        // spend is posted: 60.0 → 6000 cents, the value scripts and queries see.
        #expect(fixture.pipeline.value(of: "spend", at: 3000).isEqual(to: .int(6000)))
        // Another page changes `visits`, so `intent` runs, but its result is unchanged: `label` does not.
        fixture.send("page_enter", at: 4)
        #expect(fixture.pipeline.value(of: "label", at: 4000).isEqual(to: .string("intent:high")))
        #expect(fixture.pipeline.scriptFeatureRuns["intent"] == 3)
        #expect(fixture.pipeline.scriptFeatureRuns["label"] == 2)
    }

    @Test func aFailingComputeIsNullAndLoggedWithItsLine() throws {
        var files = Self.files
        files["scripts/intent.py"] = "def compute(ctx):\n    return ctx.features['nope']\n"
        let fixture = try DecisionFixture(files)
        #expect(fixture.pipeline.value(of: "intent", at: 1000).isEqual(to: .null))
        let error = try #require(fixture.errors.first)
        #expect(error.source == "script:scripts/intent.py:2")
        #expect(error.message.contains("feature 'intent' may not read feature 'nope'"))
    }
}
