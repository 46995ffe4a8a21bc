import EngineProtocol
import Foundation
import Testing

/// The validator the DAP tests rely on refuses what the schema refuses (so a passing session
/// means something).
@Suite struct JSONSchemaValidatorTests {
    static func errors(_ json: String) -> [String] { DAPSchema.errors(in: Data(json.utf8)) }

    @Test func aValidStoppedEventAndResponsePass() {
        #expect(Self.errors(#"{"seq":3,"type":"event","event":"stopped","body":{"reason":"step","threadId":1}}"#) == [])
        #expect(Self.errors(#"{"seq":4,"type":"response","request_seq":2,"success":true,"command":"setFunctionBreakpoints","body":{"breakpoints":[{"id":1,"verified":true}]}}"#) == [])
    }

    @Test func whatTheSchemaRefusesIsReported() {
        // A stopped event needs a reason.
        #expect(Self.errors(#"{"seq":3,"type":"event","event":"stopped","body":{"threadId":1}}"#).contains { $0.contains("missing required 'reason'") })
        // request_seq counts from 1.
        #expect(Self.errors(#"{"seq":3,"type":"response","request_seq":0,"success":false,"command":"x","message":"no"}"#).contains { $0.contains("minimum") })
        // A breakpoint's verified is a boolean.
        #expect(Self.errors(#"{"seq":4,"type":"response","request_seq":2,"success":true,"command":"setFunctionBreakpoints","body":{"breakpoints":[{"verified":"yes"}]}}"#)
            .contains { $0.contains("breakpoints[0].verified") })
        // A response to a command needs that command's body.
        #expect(!Self.errors(#"{"seq":4,"type":"response","request_seq":2,"success":true,"command":"threads"}"#).isEmpty)
        // An event the protocol does not define.
        #expect(Self.errors(#"{"seq":5,"type":"event","event":"exploded"}"#).contains { $0.contains("no definition ExplodedEvent") })
    }
}
