import EngineProtocol
import Foundation
import TUI
import XCTest

/// The debugger's prompts and panes as DAP requests: conditions, hit counts and logpoints on
/// script lines; event, pattern and feature breakpoints from the panes; the Debug pane's list
/// and removal; variables expanded through `variables` with their references.
final class DebugPaneTests: XCTestCase {
    private func harness() throws -> (WorkbenchHarness, RecordingDebugger) {
        let harness = try WorkbenchHarness(size: Size(width: 120, height: 30))
        PaneGoldenTests.feed(harness.workbench)
        let adapter = RecordingDebugger()
        harness.environment.debugger = adapter
        return (harness, adapter)
    }

    /// Attaches, then the adapter reports a stop at score.py:2 and answers the stack and the
    /// scopes (Locals, ctx) as the engine's adapter does.
    static func stop(_ h: WorkbenchHarness, _ adapter: RecordingDebugger) {
        if let attach = adapter.requests.first(where: { $0.command == "attach" }) {
            h.workbench.receive(RecordingDebugger.response(to: attach.seq, "attach", [:]))
        }
        h.workbench.receive(RecordingDebugger.message(["type": "event", "event": "stopped",
                                                       "body": ["reason": "breakpoint", "threadId": 1]]))
        let stack = adapter.requests.last!
        XCTAssertEqual(stack.command, "stackTrace")
        h.workbench.receive(RecordingDebugger.response(to: stack.seq, "stackTrace", ["stackFrames": [
            ["id": 7, "name": "decide", "line": 2, "source": ["path": h.root + "/scripts/score.py"]],
            ["id": 8, "name": "decision score", "line": 0]]]))
        let scopes = adapter.requests.last!
        XCTAssertEqual(scopes.command, "scopes")
        h.workbench.receive(RecordingDebugger.response(to: scopes.seq, "scopes", ["scopes": [
            ["name": "Locals", "variablesReference": 3], ["name": "ctx", "variablesReference": 4]]]))
        let variables = adapter.requests.suffix(2)
        XCTAssertEqual(variables.map { $0.arguments["variablesReference"] as? Int }, [3, 4])
        h.workbench.receive(RecordingDebugger.response(to: variables.first!.seq, "variables", ["variables": [
            ["name": "level", "value": "3", "variablesReference": 0]]]))
        h.workbench.receive(RecordingDebugger.response(to: variables.last!.seq, "variables", ["variables": [
            ["name": "ctx", "value": "<ctx decision score>", "variablesReference": 11]]]))
    }

    func testShiftF9SetsAConditionAndHitCountAndALogpointMarkedInTheGutter() throws {
        let (h, adapter) = try harness()
        h.workbench.openFile("scripts/score.py")
        h.keys(.down, .function(21))
        XCTAssertTrue(h.screen.contains("Break at score.py:2 if"), h.screen)
        h.type("ctx[\"clicks\"] > 5 hit >=2\n")
        XCTAssertEqual(adapter.last("setBreakpoints"),
                       #"{"breakpoints":[{"condition":"ctx[\"clicks\"] > 5","hitCondition":">=2","line":2}],"source":{"path":"\#(h.root)/scripts/score.py"}}"#)
        // A logpoint on the next line (the palette's "Logpoint…" pre-fills `log `).
        h.keys(.down, .control("p"))
        h.type("Logpoint")
        h.keys(.enter)
        h.type("clicks={ctx[\"clicks\"]}\n")
        XCTAssertEqual(adapter.last("setBreakpoints"),
                       #"{"breakpoints":[{"condition":"ctx[\"clicks\"] > 5","hitCondition":">=2","line":2},{"line":3,"logMessage":"clicks={ctx[\"clicks\"]}"}],"source":{"path":"\#(h.root)/scripts/score.py"}}"#)
        let lines = h.screen.split(separator: "\n")
        XCTAssertTrue(lines.contains { $0.contains("◈  2 ") }, h.screen)
        XCTAssertTrue(lines.contains { $0.contains("◆  3 ") }, h.screen)
        // Shift-F9 again shows the condition to edit; an empty text leaves a plain breakpoint.
        h.keys(.up, .function(21))
        XCTAssertTrue(h.screen.contains("ctx[\"clicks\"] > 5 hit >=2"), h.screen)
        h.keys(.backspace, .enter)
        XCTAssertEqual(adapter.last("setBreakpoints"),
                       #"{"breakpoints":[{"line":2},{"line":3,"logMessage":"clicks={ctx[\"clicks\"]}"}],"source":{"path":"\#(h.root)/scripts/score.py"}}"#)
        XCTAssertTrue(h.screen.split(separator: "\n").contains { $0.contains("◉  2 ") }, h.screen)
    }

    func testBInTheFeaturesEventsAndPatternsPanesSetsBreakpointsAndDelRemovesThem() throws {
        let (h, adapter) = try harness()
        h.keys(.alt("5"), .character("b"))  // home_clicks
        XCTAssertEqual(adapter.last("setDataBreakpoints"), #"{"breakpoints":[{"accessType":"write","dataId":"home_clicks"}]}"#)
        h.keys(.down, .right, .down, .character("b"))  // spend_by_item, its first key
        XCTAssertEqual(adapter.last("setDataBreakpoints"),
                       #"{"breakpoints":[{"accessType":"write","dataId":"home_clicks"},{"accessType":"write","dataId":"spend_by_item[\"shoes\"]"}]}"#)
        h.keys(.alt("6"), .up, .character("b"))  // the older event: page_enter
        XCTAssertEqual(adapter.last("setFunctionBreakpoints"), #"{"breakpoints":[{"name":"event:page_enter"}]}"#)
        h.keys(.alt("7"), .character("b"))
        XCTAssertEqual(adapter.last("setFunctionBreakpoints"), #"{"breakpoints":[{"name":"event:page_enter"},{"name":"pattern:back_home"}]}"#)
        h.keys(.alt("8"))
        for listed in ["● event:page_enter", "● pattern:back_home", "● home_clicks changes", "● spend_by_item[\"shoes\"] changes"] {
            XCTAssertTrue(h.screen.contains(listed), h.screen)
        }
        h.keys(.delete)  // the first: event:page_enter
        XCTAssertEqual(adapter.last("setFunctionBreakpoints"), #"{"breakpoints":[{"name":"pattern:back_home"}]}"#)
        h.keys(.down, .down, .delete)  // home_clicks, pattern:back_home, then spend_by_item["shoes"]
        XCTAssertEqual(adapter.last("setDataBreakpoints"), #"{"breakpoints":[{"accessType":"write","dataId":"home_clicks"}]}"#)
        XCTAssertFalse(h.screen.contains("spend_by_item[\"shoes\"] changes"), h.screen)
        // b again on the same feature takes its breakpoint off.
        h.keys(.alt("5"), .up, .up, .up, .character("b"))
        XCTAssertEqual(adapter.last("setDataBreakpoints"), #"{"breakpoints":[]}"#)
    }

    func testABreakpointTheAdapterRefusesSaysWhy() throws {
        let (h, adapter) = try harness()
        h.keys(.alt("5"), .down, .down, .character("b"))  // top_pages
        let request = try XCTUnwrap(adapter.requests.last)
        XCTAssertEqual(request.command, "setDataBreakpoints")
        h.workbench.receive(RecordingDebugger.response(to: request.seq, "setDataBreakpoints", ["breakpoints": [
            ["id": 1, "verified": false, "message": "top_pages is a script feature: no data breakpoint"]]]))
        XCTAssertEqual(h.workbench.status, "Breakpoint not set: top_pages is a script feature: no data breakpoint")
    }

    func testBreakpointsSetBeforeTheAdapterAnsweredAreSentOnAttach() throws {
        let (h, adapter) = try harness()
        h.keys(.alt("7"), .character("b"))
        h.keys(.alt("5"), .character("b"))
        let attach = try XCTUnwrap(adapter.requests.first { $0.command == "attach" })
        let before = adapter.requests.count
        h.workbench.receive(RecordingDebugger.response(to: attach.seq, "attach", [:]))
        let sent = adapter.requests.dropFirst(before).map(\.command)
        XCTAssertEqual(Set(sent), ["setFunctionBreakpoints", "setDataBreakpoints"])
    }

    func testStructuredVariablesExpandThroughTheirReferenceAndCollapse() throws {
        let (h, adapter) = try harness()
        h.workbench.openFile("scripts/score.py")
        h.keys(.down, .function(9))
        Self.stop(h, adapter)
        h.keys(.alt("8"))
        XCTAssertTrue(h.screen.contains("▸ ctx = <ctx decision score>"), h.screen)
        h.keys(.down, .right)  // ctx
        let children = adapter.requests.last!
        XCTAssertEqual(children.command, "variables")
        XCTAssertEqual(children.arguments["variablesReference"] as? Int, 11)
        h.workbench.receive(RecordingDebugger.response(to: children.seq, "variables", ["variables": [
            ["name": "features", "value": "{home_clicks: 5}", "variablesReference": 12],
            ["name": "variant", "value": "'treat'", "variablesReference": 0]]]))
        XCTAssertTrue(h.screen.contains("▾ ctx = "), h.screen)
        XCTAssertTrue(h.screen.contains("  ▸ features = {home_clicks: 5}"), h.screen)
        // A second level: features' own children.
        h.keys(.down, .enter)
        let grandchildren = adapter.requests.last!
        XCTAssertEqual(grandchildren.arguments["variablesReference"] as? Int, 12)
        h.workbench.receive(RecordingDebugger.response(to: grandchildren.seq, "variables", ["variables": [
            ["name": "home_clicks", "value": "5", "variablesReference": 0]]]))
        XCTAssertTrue(h.screen.contains("      home_clicks = 5"), h.screen)
        // A plain value does not expand.
        let count = adapter.requests.count
        h.keys(.down, .right)
        XCTAssertEqual(adapter.requests.count, count)
        // ← on a child goes to its parent and collapses it; ← on ctx collapses everything below.
        h.keys(.left)
        XCTAssertFalse(h.screen.contains("home_clicks = 5"), h.screen)
        XCTAssertTrue(h.screen.contains("▸ features = "), h.screen)
        h.keys(.up, .left)
        XCTAssertTrue(h.screen.contains("▸ ctx = "), h.screen)
        XCTAssertFalse(h.screen.contains("features = "), h.screen)
    }
}
