import Testing
@testable import Engine

@Suite struct ProjectLoaderTests {
    @Test func loadsTheShoppingSampleWithoutDiagnostics() throws {
        let result = ProjectLoader.load(root: PackageRoot.path + "/projects/shopping")
        #expect(result.diagnostics.map(\.description) == [])
        let project = result.project
        #expect(project.manifest.name == "shopping")
        #expect(project.manifest.allowedLateness == TimeSpan(milliseconds: 2_000))
        #expect(project.features.count >= 8)
        #expect(project.patterns.count == 3)
        #expect(project.decisions.count == 2)
        #expect(project.scenarios.count == 3)

        let windows = Set(project.features.compactMap { $0.aggregation?.window.description.split(separator: " ").first })
        #expect(windows == ["sliding", "tumbling", "last", "lifetime", "scope"], "every window kind is covered")

        let amount = try #require(project.feature(named: "home_click_amount_10m")?.aggregation)
        #expect(amount.op == .sum)
        #expect(amount.window == .sliding(TimeSpan(milliseconds: 600_000)))
        #expect(amount.filter?.text == "page == \"home\" && params.price > 10.0")
        #expect(amount.filter?.location == SourceLocation(file: "features/home_clicks.yaml", line: 6, column: 8))

        let hesitated = try #require(project.pattern(named: "hesitated_on_product"))
        #expect(hesitated.steps.map(\.name) == ["home", "product", "stay", "back"])
        #expect(hesitated.steps[2].quantifier == Quantifier(min: 1, max: nil))
        #expect(hesitated.skip == .pastLastEvent)

        let coupon = try #require(project.decision(named: "coupon_popup"))
        #expect(coupon.variants.map(\.name) == ["control", "treat"])
        #expect(coupon.action == .popup)
        guard case .pattern(let ref) = coupon.trigger else { Issue.record("expected a pattern trigger"); return }
        #expect(ref.name == "hesitated_on_product")
    }

    @Test func readsMultipleDocumentsAndJSON() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "features/two.yaml": """
            kind: feature
            name: a
            on: click
            agg: count
            window: {last_n: 3}
            ---
            kind: feature
            name: b
            on: [click, tap]
            agg: count
            window: {scope: page}
            """,
            "features/c.json": #"{"kind": "feature", "name": "c", "on": "click", "agg": "last", "value": "type", "window": {"tumbling": "1h"}}"#,
        ])
        defer { project.remove() }
        let result = project.load()
        #expect(result.diagnostics.errors.isEmpty)
        #expect(result.project.features.map(\.name) == ["c", "a", "b"])
        #expect(result.project.feature(named: "b")?.aggregation?.on == ["click", "tap"])
        #expect(result.project.feature(named: "c")?.aggregation?.window == .tumbling(TimeSpan(milliseconds: 3_600_000)))
    }

    @Test func reportsEveryErrorAtOnceWithPositionAndExpectation() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest + "session_gap: 10mins\n",
            "features/f.yaml": """
            kind: feature
            name: clicks
            on: click
            agg: count
            windw: {sliding: 10m}
            """,
            "decisions/d.yaml": """
            kind: decision
            name: d
            trigger: {on: click}
            inputs: [clickz]
            script: scripts/none.py
            action: popup
            """,
        ])
        defer { project.remove() }
        #expect(project.diagnostics() == [
            "decisions/d.yaml:4:10: error: unknown feature 'clickz'",
            "decisions/d.yaml:5:9: error: script 'scripts/none.py' does not exist; expected a file relative to the project root",
            "featide.yaml:4:14: error: session_gap: '10mins' is not a duration; expected a duration such as 250ms, 10s, 5m, 2h or 7d",
            "features/f.yaml:1:1: error: feature is missing 'window': expected {sliding: D}, {tumbling: D}, {last_n: N}, lifetime or {scope: LEVEL}",
            "features/f.yaml:5:1: error: unknown key 'windw' in feature (did you mean 'window'?)",
        ])
    }

    @Test func suggestsTheNearestNameForUnknownReferences() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "scripts/s.py": "def compute(ctx):\n    return 1\n",
            "features/f.yaml": """
            kind: feature
            name: clicks_10m
            on: click
            agg: count
            window: {sliding: 10m}
            ---
            kind: feature
            name: score
            script: scripts/s.py
            inputs: [clicks_10mm]
            """,
        ])
        defer { project.remove() }
        #expect(project.diagnostics().contains("features/f.yaml:10:10: error: unknown feature 'clicks_10mm' (did you mean 'clicks_10m'?)"))
    }

    @Test func reportsCyclesBetweenScriptFeaturesOnce() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "scripts/s.py": "def compute(ctx):\n    return 1\n",
            "features/f.yaml": """
            kind: feature
            name: a
            script: scripts/s.py
            inputs: [b]
            ---
            kind: feature
            name: b
            script: scripts/s.py
            inputs: [c]
            ---
            kind: feature
            name: c
            script: scripts/s.py
            inputs: [a]
            """,
        ])
        defer { project.remove() }
        let cycles = project.diagnostics().filter { $0.contains("cycle") }
        #expect(cycles == ["features/f.yaml:1:1: error: cycle between script features: a -> b -> c -> a"])
    }

    @Test func syntaxErrorsPointAtTheirLineAndColumn() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "features/bad.yaml": "kind: feature\nname: x\non: [click, tap\nagg: count\n",
        ])
        defer { project.remove() }
        let diagnostics = project.diagnostics()
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.hasPrefix("features/bad.yaml:4:4: error: syntax error:") == true)
    }

    @Test func warningsDoNotFailTheProject() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "features/f.yaml": "kind: feature\nname: forever\non: buy\nagg: count\nwindow: lifetime\n",
        ])
        defer { project.remove() }
        let result = project.load()
        #expect(!result.hasErrors)
        #expect(result.diagnostics.map(\.description) == [
            "features/f.yaml:1:1: warning: feature 'forever' has unbounded state: window 'lifetime' without 'ttl'",
            "features/f.yaml:1:1: warning: feature 'forever' is unused: no decision, script feature or scenario reads it, so it is never computed",
        ])
    }

    @Test func aFolderWithoutManifestIsNotAProject() throws {
        let project = try TemporaryProject(["notes.yaml": "kind: feature\nname: x\non: a\nagg: count\nwindow: lifetime\n"])
        defer { project.remove() }
        #expect(project.diagnostics().first?.contains("no featide.yaml") == true)
    }

    @Test func scenarioEventsAndExpectationsAreTyped() throws {
        let scenario = try #require(ProjectLoader.load(root: PackageRoot.path + "/projects/shopping").project
            .scenario(named: "coupon_happy_path"))
        #expect(scenario.start == 1_795_255_200_000)
        #expect(scenario.device?.id == "d1")
        guard case .event(let clicks) = scenario.events[2] else { Issue.record("expected an event"); return }
        #expect(clicks.repeatCount == 5 && clicks.every == TimeSpan(milliseconds: 1_000) && clicks.at == nil)
        guard case .event(let product) = scenario.events[3] else { Issue.record("expected an event"); return }
        #expect(product.at == .relative(TimeSpan(milliseconds: 1_000)))
        guard case .feature(let ref, _, let at, .equals(.double(let v))) = scenario.expectations[0].kind else {
            Issue.record("expected a feature expectation"); return
        }
        #expect(ref.name == "home_click_amount_10m" && at.milliseconds == 15_000 && v == 62.5)
    }
}
