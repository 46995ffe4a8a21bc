import Foundation
import TUI
import XCTest

/// New file, new folder, rename, delete and save as, as a user does them from the tree, the
/// editor and the palette; an empty folder offered a project.
final class FileManagementTests: XCTestCase {
    private func select(_ path: String, in harness: WorkbenchHarness) throws {
        let index = try XCTUnwrap(harness.workbench.tree.rows.firstIndex { $0.path == path })
        harness.keys(.home)
        for _ in 0..<index { harness.keys(.down) }
    }

    private func clearPrompt(_ harness: WorkbenchHarness, _ count: Int = 40) {
        for _ in 0..<count { harness.keys(.backspace) }
    }

    func testNewFileAndFolderGoWhereTheTreeSelectionIs() throws {
        let harness = try WorkbenchHarness()
        try select("features/clicks.yaml", in: harness)
        harness.type("a")
        XCTAssertTrue(harness.screen.contains("New file: features/"), harness.screen)
        harness.type("views.yaml\n")
        XCTAssertEqual(harness.file("features/views.yaml"), "")
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "features/views.yaml")
        XCTAssertTrue(harness.workbench.tree.rows.contains { $0.path == "features/views.yaml" }, "\(harness.workbench.tree.rows.map(\.path))")

        harness.keys(.backTab)  // editor → tree
        try select("scripts", in: harness)
        harness.type("A")
        harness.type("helpers\n")
        var isFolder: ObjCBool = false
        XCTAssertTrue(FileManager.default.fileExists(atPath: harness.root + "/scripts/helpers", isDirectory: &isFolder) && isFolder.boolValue)
    }

    func testANameLeavingTheProjectOrTakenIsRefusedAndThePromptStays() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.control("n"))
        clearPrompt(harness)
        harness.type("../outside.yaml\n")
        XCTAssertTrue(harness.screen.contains("'..' and '.' are not allowed"), harness.screen)
        clearPrompt(harness)
        harness.type("featide.yaml\n")
        XCTAssertTrue(harness.screen.contains("featide.yaml already exists"), harness.screen)
        XCTAssertTrue(harness.screen.contains("New file:"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: harness.root + "/../outside.yaml"))
    }

    func testRenameMovesTheFileAndItsOpenTabFollows() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.keys(.function(2))
        XCTAssertTrue(harness.screen.contains("Rename scripts/score.py to: scripts/score.py"), harness.screen)
        clearPrompt(harness, 8)  // "score.py"
        harness.type("rank.py\n")
        XCTAssertNil(harness.file("scripts/score.py"))
        XCTAssertEqual(harness.file("scripts/rank.py")?.hasPrefix("def decide"), true)
        XCTAssertEqual(harness.workbench.tabs.map(\.document.path), ["scripts/rank.py"])
    }

    func testRenameWaitsForUnsavedEdits() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.type("# edit\n")
        harness.keys(.function(2))
        XCTAssertTrue(harness.screen.contains("Save or discard the unsaved edits in scripts/score.py"), harness.screen)
    }

    func testDeleteAsksFirstThenRemovesTheFileAndItsTab() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("data/sample.json")
        harness.keys(.backTab)  // editor → tree
        try select("data/sample.json", in: harness)
        harness.keys(.delete)
        assertGolden(harness.screen, "delete-confirm")
        harness.type("n")
        XCTAssertNotNil(harness.file("data/sample.json"))
        harness.keys(.delete)
        harness.type("y")
        XCTAssertNil(harness.file("data/sample.json"))
        XCTAssertTrue(harness.workbench.tabs.isEmpty)
        XCTAssertFalse(harness.workbench.tree.rows.contains { $0.path == "data/sample.json" })
    }

    func testSaveAsWritesTheEditsToTheNewFileAndLeavesTheOldOne() throws {
        let harness = try WorkbenchHarness()
        harness.workbench.openFile("scripts/score.py")
        harness.type("# variant\n")
        harness.keys(.alt("s"))
        clearPrompt(harness, 8)
        harness.type("score_v2.py\n")
        XCTAssertEqual(harness.file("scripts/score_v2.py")?.hasPrefix("# variant\ndef decide"), true)
        XCTAssertEqual(harness.file("scripts/score.py")?.hasPrefix("def decide"), true)
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "scripts/score_v2.py")
        XCTAssertEqual(harness.workbench.activeTab?.document.isModified, false)
    }

    func testThePaletteRunsTheFileCommands() throws {
        let harness = try WorkbenchHarness()
        harness.keys(.control("p"))
        harness.type("new folder")
        XCTAssertTrue(harness.screen.contains("> new folder"), harness.screen)
        harness.keys(.enter)
        // The tree's selection is its first row, the folder data/: the new folder goes in it.
        XCTAssertTrue(harness.screen.contains("New folder: data/"), harness.screen)
        harness.type("mocks\n")
        XCTAssertTrue(FileManager.default.isReadableFile(atPath: harness.root + "/data/mocks"))
    }

    func testAnEmptyFolderIsOfferedAProject() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("featide-empty-\(UUID().uuidString)/shop").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let harness = try WorkbenchHarness(root: folder)
        assertGolden(harness.screen, "empty-folder-offer")
        harness.type("c")
        XCTAssertEqual(harness.file("featide.yaml")?.hasPrefix("kind: project\nname: shop\n"), true)
        XCTAssertEqual(harness.workbench.activeTab?.document.path, "features/clicks.yaml")
    }
}
