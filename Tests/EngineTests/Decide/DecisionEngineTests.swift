import Foundation
import Testing
@testable import Engine

@Suite struct DecisionEngineTests {
    static let spend = """
        kind: feature
        name: spend
        on: click
        value: params.price
        agg: sum
        window: {sliding: 10m}
        """

    @Test func anEventTriggerRunsTheScriptWithItsInputsAndActs() throws {
        let fixture = try DecisionFixture([
            "features/spend.yaml": Self.spend,
            "decisions/offer.yaml": decisionYAML(where: "params.go == true", inputs: ["spend"]),
            "scripts/offer.py": """
                def decide(ctx):
                    ctx.log("deciding", spent=ctx.features["spend"])
                    return {"show": True, "coupon": ctx.input["pool"][0], "spent": ctx.features["spend"], "os": ctx.device["os"]}
                """,
        ])
        fixture.send("click", at: 1, [("price", .double(20))])
        fixture.send("tap", at: 2, [("go", .bool(false))])
        fixture.send("click", at: 3, [("price", .double(5))])
        fixture.send("tap", at: 4, [("go", .bool(true))])
        #expect(fixture.decisions.count == 1)
        let record = try #require(fixture.decisions.first)
        #expect(record.ts == 4000)
        #expect(record.action == .popup)
        #expect(!record.usedFallback)
        #expect(PlainJSON.text(record.payload) == #"{"show":true,"coupon":"C5","spent":25.0,"os":"android"}"#)
        #expect(fixture.logs.contains { $0.source == "script:scripts/offer.py:2" && $0.message == "deciding" })
        #expect(fixture.logs.contains { $0.source == "decision:offer" && $0.message == "popup action" })
    }

    @Test func aFailingScriptGivesTheFallbackAndALogNamingLineAndReasonThenLaterEventsAct() throws {
        let fixture = try DecisionFixture([
            "decisions/offer.yaml": decisionYAML(),
            "scripts/offer.py": """
                def decide(ctx):
                    if ctx.event["params"].get("evil"):
                        import os
                    return {"show": True}
                """,
        ])
        fixture.send("tap", at: 1, [("evil", .bool(true))])
        fixture.send("tap", at: 2)
        #expect(fixture.decisions.map { PlainJSON.text($0.payload) } == [#"{"show":false}"#, #"{"show":true}"#])
        #expect(fixture.decisions.map(\.usedFallback) == [true, false])
        let error = try #require(fixture.errors.first)
        #expect(error.source == "script:scripts/offer.py:3")
        #expect(error.message.hasPrefix("decision 'offer' failed (sandbox) at scripts/offer.py:3: SandboxViolation: import of 'os' is not allowed"))
        #expect(error.message.hasSuffix("; using the fallback"))
    }

    @Test func threeConsecutiveFailuresDisableTheDecisionUntilTheNextDeployLoggedOnce() throws {
        let files = [
            "decisions/offer.yaml": decisionYAML(),
            "scripts/offer.py": "def decide(ctx):\n    return 1 / 0\n",
        ]
        let fixture = try DecisionFixture(files)
        for second in 1...6 { fixture.send("tap", at: Int64(second)) }
        #expect(fixture.decisions.count == 3)
        #expect(fixture.decisions.allSatisfy { $0.usedFallback })
        #expect(fixture.pipeline.isDecisionDisabled("offer"))
        let disabled = fixture.logs.filter { $0.message.contains("disabled after 3 consecutive failures") }
        #expect(disabled.count == 1)
        #expect(fixture.pipeline.decisionMetrics.skippedByBreaker == 3)
        // A new deploy is a new pipeline: the decision runs again.
        let redeployed = try DecisionFixture(files)
        redeployed.send("tap", at: 1)
        #expect(redeployed.decisions.count == 1)
        #expect(!redeployed.pipeline.isDecisionDisabled("offer"))
    }

    @Test func aSuccessBetweenFailuresResetsTheBreaker() throws {
        let fixture = try DecisionFixture([
            "decisions/offer.yaml": decisionYAML(),
            "scripts/offer.py": "def decide(ctx):\n    if ctx.event['params'].get('ok'):\n        return None\n    raise ValueError('no')\n",
        ])
        for second in [1, 2] { fixture.send("tap", at: Int64(second)) }
        fixture.send("tap", at: 3, [("ok", .bool(true))])
        for second in [4, 5] { fixture.send("tap", at: Int64(second)) }
        #expect(!fixture.pipeline.isDecisionDisabled("offer"))
        #expect(fixture.decisions.count == 4)
    }

    @Test func aRunawayScriptIsStoppedAndLaterEventsAreProcessed() throws {
        let fixture = try DecisionFixture([
            "features/spend.yaml": Self.spend,
            // Enough that the calls after the runaway never reach it on a busy machine.
            "decisions/offer.yaml": decisionYAML(inputs: ["spend"], budget: "300ms"),
            "scripts/offer.py": """
                def decide(ctx):
                    while ctx.event["params"].get("spin"):
                        try:
                            pass
                        except BaseException:
                            pass
                    return {"show": True, "spent": ctx.features["spend"]}
                """,
        ])
        fixture.send("tap", at: 1, [("spin", .bool(true))])
        fixture.send("click", at: 2, [("price", .double(7))])
        fixture.send("tap", at: 3)
        #expect(fixture.decisions.map { PlainJSON.text($0.payload) } == [#"{"show":false}"#, #"{"show":true,"spent":7.0}"#])
        let error = try #require(fixture.errors.first)
        #expect(error.message.contains("failed (budget)"))
        #expect(error.message.contains("time budget of 300ms"))
    }

    @Test func aMemoryBombGivesTheFallbackAndLaterEventsAreProcessed() throws {
        let fixture = try DecisionFixture([
            "decisions/offer.yaml": decisionYAML(budget: "5s"),
            "scripts/offer.py": """
                def decide(ctx):
                    hoard = []
                    while ctx.event["params"].get("bomb"):
                        hoard.append(bytearray(32 << 20))
                    return {"show": True}
                """,
        ])
        fixture.send("tap", at: 1, [("bomb", .bool(true))])
        fixture.send("tap", at: 2)
        #expect(fixture.decisions.map(\.usedFallback) == [true, false])
        let error = try #require(fixture.errors.first)
        #expect(error.source == "script:scripts/offer.py:4")
        #expect(error.message.contains("failed (memory)"))
    }

    @Test func whenAndPercentDecideWhichDevicesRunTheDecision() throws {
        let files = [
            "decisions/offer.yaml": decisionYAML(rollout: #"{percent: 100, when: 'device.os == "ios"'}"#),
            "scripts/offer.py": "def decide(ctx):\n    return {'show': True}\n",
        ]
        let android = try DecisionFixture(files, os: "android")
        android.send("tap", at: 1)
        #expect(android.decisions.isEmpty)
        let ios = try DecisionFixture(files, os: "ios")
        ios.send("tap", at: 1)
        #expect(ios.decisions.count == 1)
        let nobody = try DecisionFixture([
            "decisions/offer.yaml": decisionYAML(rollout: "{percent: 0}"),
            "scripts/offer.py": "def decide(ctx):\n    return {'show': True}\n",
        ])
        nobody.send("tap", at: 1)
        #expect(nobody.decisions.isEmpty)
    }

    @Test func theVariantReachesTheScriptAndTheRecord() throws {
        let fixture = try DecisionFixture([
            "decisions/offer.yaml": decisionYAML(variants: "{control: 50, treat: 50}"),
            "scripts/offer.py": "def decide(ctx):\n    return {'variant': ctx.variant}\n",
        ], deviceID: "device-42")
        fixture.send("tap", at: 1)
        let record = try #require(fixture.decisions.first)
        let expected = DecisionAssignment.variant(deviceID: "device-42", decision: "offer",
                                                  variants: [("control", 50), ("treat", 50)])
        #expect(record.variant == expected)
        #expect(PlainJSON.text(record.payload) == "{\"variant\":\"\(expected!)\"}")
    }

    @Test func aPatternMatchTriggersItsDecisionsWithCtxMatch() throws {
        let fixture = try DecisionFixture([
            "patterns/p.yaml": "kind: pattern\nname: back\nwithin: 60s\nsteps:\n  - {name: a, on: page_enter}\n  - {name: b, on: tap}\n",
            "decisions/offer.yaml": """
                kind: decision
                name: offer
                trigger: {pattern: back}
                script: scripts/offer.py
                action: banner
                """,
            "scripts/offer.py": "def decide(ctx):\n    return {'pattern': ctx.match['pattern'], 'steps': list(ctx.match['steps'])}\n",
        ])
        let tap = Event(ts: 2000, type: "tap")
        fixture.pipeline.patternMatched(TriggerMatch(
            pattern: "back", ts: 2000,
            steps: CELMap([(.string("a"), .list([])), (.string("b"), .list([]))]), lastEvent: tap))
        #expect(fixture.decisions.map { PlainJSON.text($0.payload) } == [#"{"pattern":"back","steps":["a","b"]}"#])
        #expect(fixture.decisions.first?.action == .banner)
    }
}

@Suite struct PatternTriggerTests {
    /// An absence pattern completes on the clock: its decision runs with no event, the match in ctx.
    @Test func aMatchCompletedByTheClockTriggersItsDecisionWithoutAnEvent() throws {
        let fixture = try DecisionFixture([
            "patterns/p.yaml": """
                kind: pattern
                name: abandoned
                steps:
                  - {name: added, on: add_to_cart}
                  - {name: no_checkout, on: checkout, not: followed_by, for: 5m}
                """,
            "decisions/offer.yaml": "kind: decision\nname: offer\ntrigger: {pattern: abandoned}\nscript: scripts/offer.py\naction: push\n",
            "scripts/offer.py": """
                def decide(ctx):
                    return {"event": ctx.event, "pattern": ctx.match["pattern"], "added": len(ctx.match["steps"]["added"])}
                """,
        ])
        fixture.send("add_to_cart", at: 1)
        fixture.pipeline.advance(to: 400_000)
        #expect(fixture.decisions.map { PlainJSON.text($0.payload) } == [#"{"event":null,"pattern":"abandoned","added":1}"#])
        #expect(fixture.decisions.first?.ts == 301_000)
        #expect(fixture.decisions.first?.action == .push)
    }

    @Test func aTimedOutPartialMatchTriggersNothing() throws {
        let fixture = try DecisionFixture([
            "patterns/p.yaml": """
                kind: pattern
                name: pair
                within: 10s
                on_timeout: emit
                steps:
                  - {name: a, on: tap}
                  - {name: b, on: swipe}
                """,
            "decisions/offer.yaml": "kind: decision\nname: offer\ntrigger: {pattern: pair}\nscript: scripts/offer.py\naction: push\n",
            "scripts/offer.py": "def decide(ctx):\n    return {'ok': True}\n",
        ])
        var matches = 0
        fixture.pipeline.onMatch = { _ in matches += 1 }
        fixture.send("tap", at: 1)
        fixture.pipeline.advance(to: 60_000)
        #expect(matches == 1)
        #expect(fixture.decisions.isEmpty)
        fixture.send("tap", at: 61)
        fixture.send("swipe", at: 62)
        #expect(fixture.decisions.count == 1)
    }
}

@Suite struct PatternTriggerEventTests {
    /// An absence that times out while a later event is processed: the event did not complete
    /// the match, so ctx.event is None; the event that does complete a match is ctx.event.
    @Test func ctxEventIsTheEventThatCompletedTheMatchOrNone() throws {
        let fixture = try DecisionFixture([
            "patterns/p.yaml": """
                kind: pattern
                name: abandoned
                steps:
                  - {name: added, on: add_to_cart}
                  - {name: no_checkout, on: checkout, not: followed_by, for: 5m}
                ---
                kind: pattern
                name: pair
                steps:
                  - {name: a, on: tap}
                  - {name: b, on: swipe}
                """,
            "decisions/offer.yaml": """
                kind: decision
                name: offer
                trigger: {pattern: abandoned}
                script: scripts/offer.py
                action: push
                ---
                kind: decision
                name: pair_offer
                trigger: {pattern: pair}
                script: scripts/offer.py
                action: push
                """,
            "scripts/offer.py": "def decide(ctx):\n    return {'event': ctx.event and ctx.event['type']}\n",
        ])
        fixture.send("add_to_cart", at: 1)
        fixture.send("tap", at: 400)
        fixture.send("swipe", at: 401)
        #expect(fixture.decisions.map { "\($0.decision) \(PlainJSON.text($0.payload))" }
            == [#"offer {"event":null}"#, #"pair_offer {"event":"swipe"}"#])
    }
}
