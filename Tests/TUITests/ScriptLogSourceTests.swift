import EngineProtocol
import XCTest

/// The one reading of a script record's source, which the Logs pane and the debug adapter share.
final class ScriptLogSourceTests: XCTestCase {
    func testScriptAndLogpointSourcesGiveTheirFileAndLine() {
        let source = ScriptLogSource("script:scripts/coupon.py:13")
        XCTAssertEqual(source?.kind, .script)
        XCTAssertEqual(source?.path, "scripts/coupon.py")
        XCTAssertEqual(source?.line, 13)
        XCTAssertEqual(ScriptLogSource("debug:scripts/a:b.py:2")?.path, "scripts/a:b.py")
        XCTAssertEqual(ScriptLogSource("debug:scripts/a:b.py:2")?.kind, .debug)
    }

    func testOtherSourcesAreNotScriptPlaces() {
        for source in ["pipeline", "engine", "script:scripts/coupon.py", "script::4", "play:s:3", "script:x.py:line"] {
            XCTAssertNil(ScriptLogSource(source), source)
        }
    }
}
