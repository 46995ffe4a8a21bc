import Foundation
import Testing
@testable import Engine
@testable import Mock

/// Run records are written by hand as bytes; each must read back, through an independent JSON
/// reader, as what it was written from: field order, escapes, null context fields left out,
/// params as given, `timed_out` only on a timed-out match.
@Suite struct RunRecordTests {
    static func read(_ record: RunRecord) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(record.jsonBytes)) as? [String: Any])
    }

    @Test func aMatchRecordReadsBackAsTheMatch() throws {
        let first = Event(ts: 1_000, type: "page_enter", session: "s\"1", app: nil, scene: "main", page: "A\nB",
                          params: CELMap([(.string("price"), .double(75.96)), (.string("qty"), .int(-2)),
                                          (.string("tags"), .list([.string("x"), .null, .bool(true)]))]))
        let second = Event(ts: 2_500, type: "purchase")
        let match = PatternMatch(pattern: "a_then_b", ts: 2_500, steps: [("a", [first]), ("b", [second, second])], timedOut: true)
        let line = String(decoding: RunRecord.match(match).jsonBytes, as: UTF8.self)
        #expect(line.hasPrefix(#"{"record":"match","pattern":"a_then_b","ts":2500,"timed_out":true,"steps":{"a":[{"ts":1000,"type":"page_enter","session":"#))
        let read = try Self.read(.match(match))
        let steps = try #require(read["steps"] as? [String: [[String: Any]]])
        let a = try #require(steps["a"]?.first)
        #expect(a["session"] as? String == "s\"1" && a["page"] as? String == "A\nB" && a["scene"] as? String == "main")
        #expect(a["app"] == nil)  // a null context field is left out
        let params = try #require(a["params"] as? [String: Any])
        #expect(params["price"] as? Double == 75.96 && params["qty"] as? Int == -2)
        #expect((params["tags"] as? [Any])?.count == 3)
        #expect(steps["b"]?.count == 2 && (steps["b"]?.first?["params"] as? [String: Any])?.isEmpty == true)
        var untimed = match
        untimed.timedOut = false
        #expect(try Self.read(.match(untimed))["timed_out"] == nil)
    }

    @Test func theFeaturesRecordHoldsEveryValue() throws {
        let record = RunRecord.features(ts: -5, values: [("b", .double(0.1 + 0.2)), ("a", .string("é\u{1}"))])
        let read = try Self.read(record)
        #expect(read["record"] as? String == "features" && read["ts"] as? Int == -5)
        let values = try #require(read["values"] as? [String: Any])
        #expect(values["a"] as? String == "é\u{1}")
        // Foundation's reader rounds long doubles; the text is Swift's shortest one.
        #expect(String(decoding: record.jsonBytes, as: UTF8.self).contains(#""b":\#((0.1 + 0.2).description)"#))
    }
}
