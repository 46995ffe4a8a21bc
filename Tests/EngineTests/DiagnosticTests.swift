import Testing
@testable import Engine

@Suite struct DiagnosticTests {
    @Test func printsCompilerStyle() {
        let d = Diagnostic.error(at: SourceLocation(file: "features/a.yaml", line: 3, column: 7), "unknown key 'agg2'")
        #expect(d.description == "features/a.yaml:3:7: error: unknown key 'agg2'")
    }

    @Test func sortsByFileThenPosition() {
        let a = Diagnostic.warning(at: SourceLocation(file: "b.yaml", line: 1, column: 1), "w")
        let b = Diagnostic.error(at: SourceLocation(file: "a.yaml", line: 9, column: 1), "e")
        let c = Diagnostic.error(at: SourceLocation(file: "a.yaml", line: 2, column: 5), "e")
        #expect([a, b, c].sortedByLocation() == [c, b, a])
    }
}
