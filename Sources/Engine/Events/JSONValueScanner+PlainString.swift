extension JSONValueScanner {
    /// The index of the closing quote of a string whose contents start at `start`, when the
    /// string is plain (no escape, no control character); nil otherwise, or when unterminated
    /// (the general path then decodes it or reports where it goes wrong). Eight bytes at a time.
    @inline(__always)
    func plainStringEnd(from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= count {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            // A byte is flagged when it is '"', '\' or below 0x20 (the classic has-zero-byte
            // and has-less-than tricks); only bytes above a real hit can be flagged wrongly,
            // so the lowest flag is exact.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let flags = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (word &- ones &* 0x20) & ~word) & highs
            if flags != 0 {
                let at = i + flags.trailingZeroBitCount / 8
                return base[at] == UInt8(ascii: "\"") ? at : nil
            }
            i += 8
        }
        while i < count {
            let byte = base[i]
            if byte == UInt8(ascii: "\"") { return i }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            i += 1
        }
        return nil
    }
}
