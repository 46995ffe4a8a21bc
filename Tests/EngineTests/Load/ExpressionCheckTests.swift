import Testing
@testable import Engine

@Suite struct ExpressionCheckTests {
    private func diagnostics(feature: String) throws -> [String] {
        let project = try TemporaryProject(["featide.yaml": TemporaryProject.manifest, "features/f.yaml": feature])
        defer { project.remove() }
        return project.diagnostics().filter { !$0.contains("warning:") }
    }

    @Test func typeErrorsPointAtTheOperatorInTheFile() throws {
        let errors = try diagnostics(feature: """
            kind: feature
            name: f
            on: click
            where: page == "home" && params.price > "x" && ts > "y"
            agg: count
            window: {sliding: 1m}
            """)
        #expect(errors == ["features/f.yaml:4:51: error: where: no matching overload for '>' applied to (int, string); expected two numbers, two strings, two bytes or two bools"])
    }

    @Test func quotedExpressionsCountTheQuote() throws {
        let errors = try diagnostics(feature: """
            kind: feature
            name: f
            on: click
            where: 'pag == "home"'
            agg: count
            window: {sliding: 1m}
            """)
        #expect(errors.first?.hasPrefix("features/f.yaml:4:9: error: where: undeclared reference to 'pag'") == true)
    }

    @Test func whereMustBeBoolAndSumNeedsANumber() throws {
        let errors = try diagnostics(feature: """
            kind: feature
            name: f
            on: click
            where: size(page)
            value: type
            agg: sum
            window: {sliding: 1m}
            """)
        #expect(errors == [
            "features/f.yaml:4:8: error: where: expected a bool, found int",
            "features/f.yaml:5:8: error: value: agg 'sum' needs a number (int or double), found string",
        ])
    }

    @Test func patternStepsSeeEarlierStepsAsEvents() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "patterns/p.yaml": """
            kind: pattern
            name: p
            within: 1m
            steps:
              - {name: a, on: page_enter, where: b.ts > 0}
              - {name: b, on: page_enter, where: ts - a.ts >= 10000 && a.params.x == 1 && a.page == page}
              - {name: c, on: click, where: a.tss > 0}
            """,
        ])
        defer { project.remove() }
        let errors = project.diagnostics()
        #expect(errors.count == 2)
        #expect(errors[0].hasPrefix("patterns/p.yaml:5:38: error: where: undeclared reference to 'b'"))
        #expect(errors[1] == "patterns/p.yaml:7:35: error: where: event has no field 'tss' (did you mean 'ts'?); expected one of: ts, type, session, app, scene, page, params")
    }

    @Test func stepNamesMayNotHideEventVariables() throws {
        let project = try TemporaryProject([
            "featide.yaml": TemporaryProject.manifest,
            "patterns/p.yaml": "kind: pattern\nname: p\nwithin: 1m\nsteps:\n  - {name: page, on: page_enter}\n",
        ])
        defer { project.remove() }
        #expect(project.diagnostics() == [
            "patterns/p.yaml:5:5: error: step name 'page' hides the event variable of the same name; choose another name",
        ])
    }
}
