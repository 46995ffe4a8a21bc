import Foundation
import TUI
import XCTest

final class WorkbenchBehaviourTests: XCTestCase {
    func testSaveWritesTheFileAndRemovesItsSwap() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.type("# edited\n")
        XCTAssertTrue(harness.environment.scheduled.contains(.swap))
        harness.workbench.timerFired(.swap)
        XCTAssertEqual(harness.swapFiles.count, 1)
        XCTAssertTrue(harness.swapFiles.first?.hasPrefix("scripts%2Fscore.py.") == true)
        harness.keys(.control("s"))
        XCTAssertEqual(harness.file("scripts/score.py")?.hasPrefix("# edited\ndef decide"), true)
        XCTAssertEqual(harness.swapFiles, [])
        XCTAssertFalse(harness.workbench.activeTab!.document.isModified)
    }

    func testRecoverOpensTheSwappedTextAsUnsavedEdits() throws {
        var first: WorkbenchHarness? = try WorkbenchHarness()
        let root = first!.root
        first!.workbench.openFile("features/clicks.yaml")
        first!.type("# not saved\n")
        first!.workbench.timerFired(.swap)
        // The process dies here; a new workbench on the same folder finds the swap.
        first = nil
        let second = try WorkbenchHarness(root: root)
        second.type("r")
        let tab = try XCTUnwrap(second.workbench.activeTab)
        XCTAssertEqual(tab.document.path, "features/clicks.yaml")
        XCTAssertTrue(tab.document.text.hasPrefix("# not saved\n# Clicks"))
        XCTAssertTrue(tab.document.isModified)
        XCTAssertFalse(second.file("features/clicks.yaml")!.contains("not saved"))
    }

    /// Two IDEs on one project: the second neither offers nor deletes the first one's swap
    /// while the first runs; once the first is gone (as after a crash) its swap is offered.
    func testASecondIDELeavesALiveInstancesSwapAlone() throws {
        var first: WorkbenchHarness? = try WorkbenchHarness()
        let root = first!.root
        first!.workbench.openFile("features/clicks.yaml")
        first!.type("# first's edit\n")
        first!.workbench.timerFired(.swap)

        let second = try WorkbenchHarness(root: root)
        XCTAssertFalse(second.screen.contains("Recover unsaved changes?"))
        second.workbench.openFile("features/clicks.yaml")
        second.type("# second's edit\n")
        second.workbench.timerFired(.swap)
        XCTAssertEqual(second.swapFiles.count, 2, "each IDE keeps its own swap")
        second.keys(.control("s"))
        XCTAssertEqual(second.swapFiles.count, 1, "saving removed only the second's swap")

        first = nil  // the first IDE ends without saving, its swap left behind
        let third = try WorkbenchHarness(root: root)
        XCTAssertTrue(third.screen.contains("Recover unsaved changes?"))
        third.type("r")
        XCTAssertEqual(third.workbench.activeTab?.document.text.hasPrefix("# first's edit\n# Clicks"), true)
        XCTAssertEqual(third.swapFiles.count, 1, "the recovered text is in the third's own swap")
    }

    func testDiscardingRecoveryDeletesTheSwap() throws {
        let root = try FixtureProject.make()
        let store = SwapStore(projectRoot: root)
        try store.write(path: "scripts/score.py", text: "x = 1\n")
        let harness = try WorkbenchHarness(root: root)
        harness.type("d")
        XCTAssertTrue(harness.workbench.tabs.isEmpty)
        XCTAssertTrue(store.recoverable().isEmpty)
    }

    func testFileChangedOnDiskIsNotOverwritten() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.type("# mine\n")
        let path = harness.root + "/scripts/score.py"
        try Data("# theirs\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
        harness.workbench.checkDisk()
        XCTAssertTrue(harness.workbench.activeTab!.changedOnDisk)
        harness.keys(.control("s"))
        XCTAssertEqual(harness.file("scripts/score.py"), "# theirs\n")
        XCTAssertTrue(harness.screen.contains("changed by another program"))
        harness.type("o")
        XCTAssertTrue(harness.file("scripts/score.py")!.hasPrefix("# mine\n"))
    }

    func testAnUneditedFileChangedOnDiskIsReloaded() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("data/sample.json")
        let path = harness.root + "/data/sample.json"
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: path)
        harness.workbench.checkDisk()
        XCTAssertEqual(harness.workbench.activeTab?.document.text, "{}\n")
        XCTAssertFalse(harness.workbench.activeTab!.document.isModified)
    }

    func testUnsavedEditsAreCheckedAndEnterInProblemsJumpsToTheLocation() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.keys(.down, .down)
        harness.type("  windw")
        harness.workbench.timerFired(.check)
        XCTAssertEqual(harness.environment.pendingChecks.last?.overlays.keys.first, "features/clicks.yaml")
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.map(\.location), ["features/clicks.yaml:3:3"])
        harness.keys(.controlHome, .backTab, .backTab)  // editor → tree → problems
        XCTAssertEqual(harness.workbench.focus, .problems)
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.focus, .editor)
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: 2, column: 2))
        // Fixing it clears it.
        harness.keys(.backspace, .backspace)
        for _ in 0..<5 { harness.keys(.delete) }
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems, [])
    }

    /// Errors are listed before warnings, and F8 visits the errors after the cursor, wrapping;
    /// warnings once no error is left.
    func testErrorsComeFirstAndF8GoesToTheNextErrorAfterTheCursorAndWraps() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.type("# TODO\nwindw\nwindw\n")
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.map(\.location),
                       ["features/clicks.yaml:2:1", "features/clicks.yaml:3:1", "features/clicks.yaml:1:1"])
        harness.keys(.controlHome)
        for line in [1, 2, 1] {
            harness.keys(.function(8))
            XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: line, column: 0))
        }
        harness.keys(.controlHome, .down, .shiftDown, .shiftDown, .delete)  // the errors' lines go
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        harness.keys(.function(8))
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: 0, column: 0))
    }

    /// A click in the Logs pane focuses it and opens nothing: its rows are not the problems
    /// listed under the other tab; the wheel moves the selection as the arrows do.
    func testAClickInAnEnginePaneDoesNotJumpToAProblem() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.timerFired(.check)
        let generation = try XCTUnwrap(harness.environment.pendingChecks.last?.generation)
        harness.workbench.receive(.problems(generation: generation, [Problem(severity: .error, file: "scripts/score.py", line: 2, column: 1, message: "bad")]))
        harness.workbench.receive(.logs(EnginePanesTests.records, replacing: true))
        harness.keys(.alt("2"))
        _ = harness.screen
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: 30, y: harness.workbench.layout.problems.y))))
        XCTAssertEqual(harness.workbench.focus, .problems)
        XCTAssertNil(harness.workbench.activeTab, "a click in Logs opened \(harness.workbench.activeTab?.document.path ?? "")")
    }

    /// Home, End and the page keys move in Problems; one click on a problem jumps to it; the
    /// selected problem's long message is shown whole, wrapped.
    func testProblemsKeysClickAndLongMessages() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.timerFired(.check)
        let generation = try XCTUnwrap(harness.environment.pendingChecks.last?.generation)
        let long = "this message is long on purpose: " + String(repeating: "it goes on and on, ", count: 8) + "and ends HERE"
        let problems = (1...20).map { Problem(severity: .error, file: "scripts/score.py", line: min($0, 4), column: 1, message: "problem \($0 < 10 ? "0" : "")\($0)") }
        harness.workbench.receive(.problems(generation: generation, problems + [
            Problem(severity: .warning, file: "features/clicks.yaml", line: 2, column: 3, message: long)]))
        harness.keys(.backTab)  // tree → Problems
        XCTAssertEqual(harness.workbench.focus, .problems)
        harness.keys(.end)
        // Errors first: the warning is last. Its message, wrapped at words, is longer than
        // the pane: Space shows it whole.
        assertGolden(harness.screen, "problems-long-message")
        XCTAssertFalse(harness.screen.contains("problem 01"))
        harness.type(" ")
        XCTAssertTrue(harness.screen.contains("and ends HERE"), harness.screen)
        assertGolden(harness.screen, "problem-details")
        harness.keys(.escape, .home)
        XCTAssertTrue(harness.screen.contains("problem 01"))
        harness.keys(.pageDown, .pageDown)
        XCTAssertTrue(harness.screen.contains("problem 07"))
        XCTAssertFalse(harness.screen.contains("problem 01"))

        // The second row of the list is clicked: its file opens at its line.
        harness.keys(.home)
        _ = harness.screen
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: 30, y: harness.workbench.layout.problems.y + 1))))
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "scripts/score.py")
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: 1, column: 0))
    }

    func testADiscardedBuffersProblemsGoAndOutsideChangesAreNoticed() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.type("windw: 1\n")
        harness.workbench.timerFired(.check)
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.count, 1)
        harness.keys(.control("w"))
        harness.type("d")
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.count, 0, "the discarded text's problem stays no more")

        // Another program changes, creates and deletes files: the tree and Problems follow.
        try "windw: 2\n".write(toFile: harness.root + "/data/sample.json", atomically: true, encoding: .utf8)
        try "x = 1\n".write(toFile: harness.root + "/scripts/made_elsewhere.py", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: harness.root + "/featide.yaml")
        harness.workbench.timerFired(.diskCheck)
        harness.environment.finishChecks(harness.workbench)
        XCTAssertEqual(harness.workbench.problems.map(\.location), ["data/sample.json:1:1"])
        let rows = harness.workbench.tree.rows.map(\.path)
        XCTAssertTrue(rows.contains("scripts/made_elsewhere.py"))
        XCTAssertFalse(rows.contains("featide.yaml"))
    }

    func testAStaleCheckResultIsIgnored() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.run(.checkProject)
        let stale = harness.environment.pendingChecks.removeLast()
        harness.workbench.run(.checkProject)
        harness.workbench.receive(.problems(generation: stale.generation, [
            Problem(severity: .error, file: "x.yaml", line: 1, column: 1, message: "old"),
        ]))
        XCTAssertEqual(harness.workbench.problems, [])
    }

    func testCutPasteUsesTheInternalClipboardAndOSC52() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("featide.yaml")
        harness.keys(.control("x"))
        XCTAssertEqual(harness.environment.systemClipboard, ["kind: project\n"])
        harness.keys(.controlEnd, .control("v"))
        XCTAssertEqual(harness.workbench.activeTab?.document.text, "name: demo\nversion: 1.0.0\nkind: project\n")
    }

    func testBracketedPasteIsInsertedAsTextNotKeys() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.workbench.handle(.paste("a:\n\tb\u{11}"))
        XCTAssertTrue(harness.workbench.activeTab!.document.text.hasPrefix("a:\n    b\u{11}def"))
        XCTAssertFalse(harness.workbench.wantsToQuit)
    }

    func testMouseClickFocusesAndPlacesTheCursorAndWheelScrolls() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.keys(.backTab)
        XCTAssertEqual(harness.workbench.focus, .tree)
        // At 80 columns the tree is 20 wide, then the divider and a 6-cell gutter: text starts at x = 27.
        // Line 3 is on screen row 4 (title bar, tab bar, lines 1 and 2 above it).
        let textX = 27
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: textX + 3, y: 4))))
        XCTAssertEqual(harness.workbench.focus, .editor)
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: 2, column: 3))
        harness.workbench.handle(.mouse(MouseEvent(.wheelDown, at: Point(x: textX + 10, y: 5))))
        XCTAssertEqual(harness.workbench.activeTab?.scrollLine, 3)
        harness.workbench.handle(.mouse(MouseEvent(.press, at: Point(x: 2, y: 1))))
        XCTAssertEqual(harness.workbench.focus, .tree)
        // The click folded `data`; rows are now data, features, clicks.yaml, scripts.
        XCTAssertFalse(harness.workbench.tree.isExpanded("data"))
        harness.workbench.handle(.mouse(MouseEvent(.wheelDown, at: Point(x: 2, y: 3))))
        XCTAssertEqual(harness.workbench.tree.selectedRow?.path, "scripts")
    }

    func testTabAndShiftTabCycleThePanes() throws {
        let harness = try WorkbenchHarness()
        XCTAssertEqual(harness.workbench.focus, .tree)
        harness.keys(.tab)
        XCTAssertEqual(harness.workbench.focus, .editor)
        harness.keys(.tab)  // no file open: Tab still moves on
        XCTAssertEqual(harness.workbench.focus, .problems)
        harness.keys(.backTab, .backTab)
        XCTAssertEqual(harness.workbench.focus, .tree)
    }

    func testQuestionMarkShowsKeysOutsideTheEditorAndIsTextInside() throws {
        let harness = try WorkbenchHarness()
        harness.type("?")
        XCTAssertTrue(harness.screen.contains("Keys — Esc closes"))
        harness.keys(.escape)
        harness.workbench.openFile("featide.yaml")
        harness.type("?")
        XCTAssertFalse(harness.screen.contains("Keys — Esc closes"))
        XCTAssertEqual(harness.workbench.activeTab?.document.line(0), "?kind: project")
    }

    func testGoToLineAndColumn() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("features/clicks.yaml")
        harness.keys(.control("g"))
        harness.type("5:8")
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.activeTab?.document.cursor, TextPosition(line: 4, column: 7))
    }

    func testReplaceAllReportsTheCount() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("data/sample.json")
        harness.keys(.control("r"))
        harness.type("\"")
        harness.keys(.enter)
        harness.type("'")
        harness.keys(.alt("a"))
        XCTAssertEqual(harness.workbench.activeTab?.document.line(0), "{'page': 'home', 'price': 12.5, 'tags': ['a', null]}")
        XCTAssertEqual(harness.workbench.status, "Replaced 10 occurrences of '\"'.")
    }

    func testPaletteOpensAFileByFuzzyName() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.control("p"))
        harness.type("sampjs")
        harness.keys(.enter)
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "data/sample.json")
    }

    func testQuitWithoutChangesQuitsAndDiscardRemovesSwaps() throws {
        let clean = try WorkbenchHarness()
        clean.keys(.control("q"))
        XCTAssertTrue(clean.workbench.wantsToQuit)

        let dirty = try WorkbenchHarness()
        dirty.workbench.openFile("featide.yaml")
        dirty.type("x")
        dirty.workbench.timerFired(.swap)
        dirty.keys(.control("q"))
        XCTAssertFalse(dirty.workbench.wantsToQuit)
        dirty.type("d")
        XCTAssertTrue(dirty.workbench.wantsToQuit)
        XCTAssertEqual(dirty.swapFiles, [])
        XCTAssertEqual(dirty.file("featide.yaml"), FixtureProject.files["featide.yaml"])
    }
}

final class SingleFileTests: XCTestCase {
    /// A file in a folder that is no project is opened alone: its folder's other files are not
    /// listed and nothing loads the folder as a project.
    func testAFileOutsideAnyProjectOpensAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("featide-single-\(UUID().uuidString)/notes").path
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        for (path, text) in ["notes.py": "x = 1\n", "other.txt": "hello\n", "sub/x.yaml": "a: 1\n"] {
            try text.write(toFile: folder + "/" + path, atomically: true, encoding: .utf8)
        }
        let harness = try WorkbenchHarness(root: folder, onlyFile: "notes.py")
        harness.workbench.openFile("notes.py")
        XCTAssertEqual(harness.workbench.tree.rows.map(\.path), ["notes.py"])
        harness.workbench.timerFired(.check)
        harness.workbench.timerFired(.diskCheck)
        XCTAssertTrue(harness.environment.pendingChecks.isEmpty, "no project check for a single file")
        assertGolden(harness.screen, "single-file")
    }
}
