import Foundation
import Testing

/// `featide run`/`test` with decisions, as a user runs them, including scripts that try to
/// exhaust memory or get stuck in C: their worker process pays, never the engine.
@Suite struct DecisionCommandTests {
    static func project() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("featide-cli-\(UUID().uuidString)").path
        let files = [
            "featide.yaml": "kind: project\nname: bombs\nversion: 1.0.0\ndevice: {id: d9, os: ios}\n",
            "decisions/offer.yaml": "kind: decision\nname: offer\ntrigger: {on: tap}\nscript: scripts/offer.py\naction: popup\nbudget: 5s\nfallback: {show: false}\n",
            "scripts/offer.py": """
                def decide(ctx):
                    hoard = []
                    while ctx.event["params"].get("bomb"):
                        hoard.append(bytearray(64 << 20))
                    return {"show": True, "coupon": ctx.input["pool"][0], "os": ctx.device["os"]}
                """,
            "mocks/bomb.yaml": """
                kind: scenario
                name: bomb
                start: 2026-11-21T10:00:00Z
                input: {pool: [C5]}
                events:
                  - {at: 1s, type: tap, params: {bomb: true}}
                  - {at: 2s, type: tap}
                expect:
                  - {decision: offer, at: 1s, action: {show: false}}
                  - {decision: offer, at: 2s, action: {show: true, coupon: C5, os: ios}}
                  - {no_decision: offer, before: 1s}
                """,
        ]
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func aMemoryBombFallsBackAndTheNextEventActs() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try FeatideBinary.run(["run", root, "--scenario", "bomb"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let decisions = lines.filter { $0.hasPrefix(#"{"record":"decision""#) }
        #expect(decisions == [
            #"{"record":"decision","decision":"offer","ts":1795255201000,"action":"popup","payload":{"show":false},"variant":null,"fallback":true}"#,
            #"{"record":"decision","decision":"offer","ts":1795255202000,"action":"popup","payload":{"show":true,"coupon":"C5","os":"ios"},"variant":null,"fallback":false}"#,
        ])
        #expect(lines.contains { $0.contains(#""source":"script:scripts/offer.py:4""#) && $0.contains("failed (memory)") })
        let test = try FeatideBinary.run(["test", root])
        #expect(test.status == 0, "\(test.stdout)")
        #expect(test.stdout.hasSuffix("3 passed, 0 failed\n"))
    }

    @Test func aWrongDecisionExpectationShowsWhatFired() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let scenario = URL(fileURLWithPath: root).appendingPathComponent("mocks/bomb.yaml")
        let text = try String(contentsOf: scenario, encoding: .utf8).replacingOccurrences(of: "coupon: C5, os: ios", with: "coupon: C10")
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let test = try FeatideBinary.run(["test", root])
        #expect(test.status == 1)
        #expect(test.stdout.contains(#"expected: fired at 2s with an action containing {"show":true,"coupon":"C10"}"#))
        #expect(test.stdout.contains(#"actual:   1s: popup {"show":false} (fallback); 2s: popup {"show":true,"coupon":"C5","os":"ios"}"#))
    }

    @Test func explainShowsScriptFeaturesInDependencyOrderPostsAndDecisions() throws {
        let explain = try FeatideBinary.run(["explain", "projects/shopping"])
        #expect(explain.stdout.contains("  1. shopper_intent = scripts/intent.py compute(home_click_amount_10m, pages_this_session)"))
        #expect(explain.stdout.contains("  avg_home_click_price_10m → scripts/round_price.py"))
        #expect(explain.stdout.contains("  rerank_home: on page_enter where page == \"home\" → scripts/rerank.py decide(top_categories, last_viewed_items) → rerank; budget 20ms; fallback null"))
    }

    /// A single C call no exception can interrupt: the engine kills the script's worker at the
    /// hard deadline, logs the line it was on, answers the fallback and goes on with the spare.
    @Test func aScriptStuckInOneCCallIsKilledAndTheRunGoesOn() throws {
        let root = try Self.project()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = URL(fileURLWithPath: root).appendingPathComponent("scripts/offer.py")
        try """
            import itertools

            def decide(ctx):
                if ctx.event["params"].get("bomb"):
                    return {'n': max(itertools.count())}
                return {"show": True, "coupon": ctx.input["pool"][0], "os": ctx.device["os"]}
            """.write(to: script, atomically: true, encoding: .utf8)
        let decision = URL(fileURLWithPath: root).appendingPathComponent("decisions/offer.yaml")
        try String(contentsOf: decision, encoding: .utf8).replacingOccurrences(of: "budget: 5s", with: "budget: 200ms")
            .write(to: decision, atomically: true, encoding: .utf8)
        let run = try FeatideBinary.run(["run", root, "--scenario", "bomb"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains(#""source":"script:scripts/offer.py:5""#) && $0.contains("failed (budget)")
                && $0.contains("did not stop; its worker process was killed") }, "\(run.stdout)")
        #expect(lines.filter { $0.hasPrefix(#"{"record":"decision""#) }.map { $0.contains(#""fallback":true"#) } == [true, false])
    }
}
