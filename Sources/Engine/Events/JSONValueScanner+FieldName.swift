extension JSONValueScanner {
    /// Reads an object key that is likely one of `names` (an event's top-level fields) and
    /// returns its index there, matching bytes in place: no String is made and no String
    /// compared for the common case. Keys with escapes, or not in `names`, become text.
    mutating func parseFieldName(among names: [[UInt8]]) throws(JSONSyntaxError) -> (index: Int?, name: String?) {
        let quote = offset
        try expect(UInt8(ascii: "\""), "'\"'")
        let start = offset
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
            for (index, name) in names.enumerated() where name.count == key.count && name.elementsEqual(key) {
                offset = end + 1
                return (index, nil)
            }
        }
        // Escapes, control characters, an unterminated key or an unknown one: the general path.
        offset = quote
        let text = try parseString()
        return (nil, text)
    }
}
