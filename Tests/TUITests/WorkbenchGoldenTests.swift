import TUI
import XCTest

/// Whole screens, as text, for each view of the workbench (80×24, fixture project).
final class WorkbenchGoldenTests: XCTestCase {
    func testStartShowsTreeEmptyEditorAndProblems() throws {
        let harness = try WorkbenchHarness()
        assertGolden(harness.screen, "start")
    }

    func testOpenFileFromTreeShowsNumberedText() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.down, .down, .down, .enter)  // rows: data, sample.json, features, clicks.yaml
        assertGolden(harness.screen, "editor")
    }

    func testErrorShowsInGutterStatusLineAndProblems() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.keys(.controlEnd, .up)
        harness.type("windw: 1")
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        assertGolden(harness.screen, "problems")
    }

    func testPaletteFiltersCommandsAndFiles() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.control("p"))
        harness.type("sco")
        assertGolden(harness.screen, "palette")
    }

    func testF1ListsEveryKey() throws {
        let harness = try WorkbenchHarness(size: Size(width: 80, height: 50))
        harness.keys(.function(1))
        assertGolden(harness.screen, "help")
    }

    func testFindPromptSelectsTheMatch() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.keys(.control("f"))
        harness.type("return")
        harness.keys(.enter)
        assertGolden(harness.screen, "find")
    }

    func testQuitWithUnsavedChangesAsks() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("data/sample.json")
        harness.type("[")
        harness.keys(.control("q"))
        assertGolden(harness.screen, "quit-confirm")
        XCTAssertFalse(harness.workbench.wantsToQuit)
    }

    func testCJKTextWrapsByDisplayWidth() throws {
        let harness = try WorkbenchHarness(size: Size(width: 60, height: 16))
        harness.workbench.openFile("features/clicks.yaml")
        harness.type("description: " + String(repeating: "購入履歴の特徴量", count: 4) + "\n")
        assertGolden(harness.screen, "cjk-wrap")
    }

    func testRecoveryIsOfferedForASwapLeftBehind() throws {
        let root = try FixtureProject.make()
        try SwapStore(projectRoot: root).write(path: "features/clicks.yaml", text: "kind: feature\nname: recovered\n")
        let harness = try WorkbenchHarness(root: root)
        assertGolden(harness.screen, "recovery")
    }
}
