/// Plain JSON text → an engine value (a query's group key), read by the event decoder itself,
/// so a key compares with values from events exactly (`3` is an int, `3.0` a double).
public enum JSONToCEL {
    public static func value(_ text: String) -> CELValue? {
        var line = Array(#"{"ts":0,"type":"key","params":{"key":"#.utf8) + Array(text.utf8) + Array("}}".utf8)
        var decoder = EventDecoder()
        let decoded = line.withUnsafeMutableBufferPointer { decoder.decodeLine(UnsafeBufferPointer($0), lineNumber: 1) }
        guard case .success(let event) = decoded else { return nil }
        return event.params[string: "key"]
    }
}
