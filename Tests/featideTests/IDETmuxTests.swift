import Foundation
import XCTest

/// End-to-end: the real `featide` binary in tmux on a copy of projects/shopping.
final class IDETmuxTests: ShoppingTmuxTestCase {
    private let feature = "features/home_clicks.yaml"

    private func startIDE() throws {
        try session.start("exec '\(FeatideBinary.url.path)' '\(project.root)'")
        session.waitFor("PROBLEMS")
    }

    /// Opens the feature file by walking the tree with arrow keys and Enter.
    private func openFeatureFromTree() throws {
        let row = try XCTUnwrap(project.treeRow(of: feature))
        for _ in 0..<row { try session.press("Down") }
        try session.press("Enter")
        session.waitFor("│ home_clicks.yaml")
    }

    func testOpenEditSaveChangesTheFileOnDisk() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.type("# edited in tmux")
        try session.press("Enter")
        session.waitFor("home_clicks.yaml ●")
        try session.press("C-s")
        session.waitFor("Saved \(feature)")
        XCTAssertTrue(project.read(feature).hasPrefix("# edited in tmux\n# Three features"))
    }

    func testADeliberateErrorShowsInProblemsWithItsLocationAndClearsWhenFixed() throws {
        try startIDE()
        try openFeatureFromTree()
        let lines = project.read(feature).split(separator: "\n", omittingEmptySubsequences: false)
        let line = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("agg: sum") }) + 1
        try session.press("C-g")
        try session.type("\(line)")
        try session.press("Enter")
        try session.type("x")
        // Not saved yet: the idle re-check sees the unsaved buffer.
        let screen = session.waitFor("\(feature):\(line):1")
        XCTAssertTrue(screen.contains("unknown key 'xagg' in feature (did you mean 'agg'?)"), screen)
        XCTAssertFalse(screen.contains("0 errors"), screen)
        try session.press("BSpace")
        try session.press("C-s")
        session.waitFor("0 errors")
        XCTAssertFalse(session.screen.contains("\(feature):\(line):1"))
    }

    func testResizeRelaysTheScreen() throws {
        try startIDE()
        try session.resize(width: 80, height: 24)
        var screen = session.waitUntil("an 80×24 layout") { $0.split(separator: "\n", omittingEmptySubsequences: false).count <= 25 && $0.contains("Ctrl-Q quit") && !$0.contains("── PROBLEMS") }
        var rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(rows[0].hasSuffix("F1 keys"), screen)
        XCTAssertTrue(rows.contains { $0.contains("PROBLEMS") }, screen)
        try session.resize(width: 140, height: 45)
        screen = session.waitUntil("a 140×45 layout") { ($0.split(separator: "\n").first.map { $0.count } ?? 0) > 120 }
        rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertTrue(rows[0].hasSuffix("F1 keys"), screen)
        XCTAssertTrue(rows.contains { $0.contains("Ctrl-P palette") }, screen)
    }

    func testCJKTextEditsByCharacterAndSavesAsUTF8() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.type("# 購入履歴")
        try session.press("Left", "Left")
        try session.type("X")
        session.waitFor("# 購入X履歴")
        try session.press("C-s")
        session.waitFor("Saved \(feature)")
        XCTAssertTrue(project.read(feature).hasPrefix("# 購入X履歴"))
    }

    /// The editing keys as a real terminal sends them: Ctrl-/ uncomments the first line (a
    /// comment), Alt-↓ moves it down, Ctrl-Shift-→ selects a word that typing then replaces.
    func testEditingKeysFromARealTerminal() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.press("C-/")
        session.waitFor("1  Three features over")
        try session.press("M-Down")
        session.waitFor("2  Three features over")
        try session.press("Home", "C-S-Right")
        try session.type("X")
        session.waitFor("2  X features over")
        try session.press("C-s")
        session.waitFor("Saved \(feature)")
        XCTAssertTrue(project.read(feature).hasPrefix("kind: feature\nX features over"), project.read(feature))
    }

    /// `featide FILE` for a file in no project: the file alone, not its folder as a project.
    func testAFileOutsideAnyProjectOpensAlone() throws {
        let folder = project.root + "-loose"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "x = 1\n".write(toFile: folder + "/notes.py", atomically: true, encoding: .utf8)
        try "neighbour\n".write(toFile: folder + "/other.txt", atomically: true, encoding: .utf8)
        try session.start("exec '\(FeatideBinary.url.path)' '\(folder)/notes.py'")
        let screen = session.waitFor("notes.py (no project)")
        XCTAssertTrue(screen.contains("   1  x = 1"), screen)
        XCTAssertFalse(screen.contains("other.txt"), screen)
        XCTAssertTrue(screen.contains("A single file, not in a project"), screen)
    }

    func testUndoAndRedo() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.type("# one run of typing")
        session.waitFor("1  # one run of typing")
        try session.press("C-z")
        session.waitUntil("the typed run undone") { !$0.contains("one run of typing") && $0.contains("1  # Three features") }
        try session.press("C-y")
        session.waitFor("1  # one run of typing")
        try session.press("C-s")
        session.waitFor("Saved")
        XCTAssertTrue(project.read(feature).hasPrefix("# one run of typing# Three"))
    }

    func testBracketedPasteGoesInAsText() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.paste("# pasted: a\n# pasted: b\n")
        session.waitFor("2  # pasted: b")
        try session.press("C-s")
        session.waitFor("Saved")
        XCTAssertTrue(project.read(feature).hasPrefix("# pasted: a\n# pasted: b\n# Three"))
    }

    func testKilledWithUnsavedEditsRecoversOnNextStart() throws {
        try startIDE()
        try openFeatureFromTree()
        try session.type("# survives a crash")
        // The swap is named after the file and the IDE that owns it.
        let swapFolder = project.root + "/.featide/swap"
        var swaps: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: swapFolder)) ?? []).filter { $0.hasSuffix(".swp") } }
        for _ in 0..<200 where swaps.isEmpty { usleep(50_000) }
        XCTAssertEqual(swaps.count, 1, "no swap file written")
        XCTAssertTrue(swaps.first?.hasPrefix("features%2Fhome_clicks.yaml.") == true)
        let pid = try XCTUnwrap(session.panePID)
        Foundation.kill(pid, SIGKILL)
        session.kill()
        XCTAssertFalse(project.read(feature).contains("survives a crash"))

        session = TmuxSession(name: "recover")
        try session.start("exec '\(FeatideBinary.url.path)' '\(project.root)'")
        session.waitFor("Recover unsaved changes?")
        XCTAssertTrue(session.screen.contains(feature))
        try session.type("r")
        session.waitFor("1  # survives a crash")
        try session.press("C-s")
        session.waitFor("Saved")
        XCTAssertTrue(project.read(feature).hasPrefix("# survives a crash# Three"))
        XCTAssertEqual(swaps, [], "the killed IDE's swap was recovered, then saved")
    }

    func testQuitWithUnsavedChangesAsksAndTheTerminalIsRestoredAfterSIGTERM() throws {
        try session.start("bash --norc --noprofile")
        try session.type("PS1='ready> '; stty -a | grep -o ' icanon' ; clear")
        try session.press("Enter")
        session.waitFor("ready>")
        try session.type("'\(FeatideBinary.url.path)' '\(project.root)'")
        try session.press("Enter")
        session.waitFor("PROBLEMS")
        try openFeatureFromTree()
        try session.type("x")
        try session.press("C-q")
        session.waitFor("Quit with unsaved changes?")
        try session.press("c")
        session.waitUntil("the dialog closed") { !$0.contains("Quit with unsaved changes?") }
        // Kill the IDE with a signal: the shell must get a sane terminal back.
        let shell = try XCTUnwrap(session.panePID)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let ide = try XCTUnwrap(children.split(separator: " ").first.flatMap { Int32($0) })
        Foundation.kill(ide, SIGTERM)
        session.waitFor("ready>")
        try session.type("clear; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo")
        try session.press("Enter")
        let screen = session.waitUntil("stty output") { $0.contains("icanon") }
        XCTAssertTrue(screen.contains("\nicanon") || screen.hasPrefix("icanon"), screen)
        XCTAssertTrue(screen.contains("\necho"), screen)
        XCTAssertFalse(screen.contains("-icanon"), screen)
        XCTAssertFalse(project.read(feature).hasPrefix("x"))
    }
}
