import Engine
import Testing

/// Fleet lines: the top-level `device` is cut out and the rest decodes as the device's event.
@Suite struct DeviceTaggedLineTests {
    func split(_ text: String) -> Result<(device: String, rest: [UInt8]), EventDecodeError> {
        Array(text.utf8).withUnsafeBufferPointer { DeviceTaggedLine.split($0, lineNumber: 7) }
    }

    func rest(_ text: String) throws -> String {
        let (_, rest) = try split(text).get()
        return String(decoding: rest, as: UTF8.self)
    }

    @Test func theDeviceFieldIsCutWhereverItStands() throws {
        #expect(try rest(#"{"device":"d1","ts":5,"type":"click"}"#) == #"{"ts":5,"type":"click"}"#)
        #expect(try rest(#"{"ts":5, "device" : "d1" ,"type":"click"}"#) == #"{"ts":5, "type":"click"}"#)
        #expect(try rest(#"{"ts":5,"type":"click","device":"d1"}"#) == #"{"ts":5,"type":"click"}"#)
        #expect(try rest(#"{"device":"d1"}"#) == "{}")
        #expect(try split(#"{"ts":5,"device":"d\u00e9","type":"x"}"#).get().device == "dé")
    }

    @Test func aDeviceInsideParamsIsTheEventsOwn() throws {
        let line = #"{"ts":5,"type":"pair","params":{"device":"watch"},"device":"phone"}"#
        let (device, rest) = try split(line).get()
        #expect(device == "phone")
        let event = EventDecoder().decodeAll(rest).events.first!
        guard case .string("watch")? = event.params[string: "device"] else { Issue.record("params.device lost"); return }
    }

    @Test func aMissingRepeatedOrNonStringDeviceIsAnError() {
        for (line, message) in [(#"{"ts":5,"type":"x"}"#, "missing"), (#"{"device":"a","device":"b"}"#, "repeated"),
                                (#"{"device":7,"ts":5}"#, "non-empty string"), (#"{"device":"a""#, "invalid JSON")] {
            guard case .failure(let error) = split(line) else { Issue.record("accepted \(line)"); continue }
            #expect(error.line == 7)
            #expect(error.message.contains(message), "\(line): \(error)")
        }
    }

    @Test func partitionsAreStableAndInRange() {
        #expect(DeviceTaggedLine.partition(of: "d00001", count: 8) == DeviceTaggedLine.partition(of: "d00001", count: 8))
        #expect((0..<200).allSatisfy { (0..<5).contains(DeviceTaggedLine.partition(of: "d\($0)", count: 5)) })
        #expect(Set((0..<200).map { DeviceTaggedLine.partition(of: "d\($0)", count: 5) }).count == 5)
    }
}
