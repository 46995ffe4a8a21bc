extension JSONValueScanner {
    /// Parses a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Integral literals that fit Int64 stay exact; the rest go through `Double`.
    mutating func parseNumber() throws(JSONSyntaxError) -> CELValue {
        let start = offset
        let negative = bytes[offset] == UInt8(ascii: "-")
        if negative { offset += 1 }
        guard offset < bytes.count, isDigit(bytes[offset]) else {
            throw error("expected a digit in a number")
        }
        // Accumulate negatively so Int64.min is representable.
        var accumulated: Int64 = 0
        var fitsInt = true
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) {
                throw error("leading zero in a number; expected a digit 1-9 first")
            }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) {
                let digit = Int64(bytes[offset] &- UInt8(ascii: "0"))
                if fitsInt {
                    let (times10, o1) = accumulated.multipliedReportingOverflow(by: 10)
                    let (next, o2) = times10.subtractingReportingOverflow(digit)
                    if o1 || o2 { fitsInt = false } else { accumulated = next }
                }
                offset += 1
            }
        }
        var integral = true
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            integral = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw error("expected a digit after '.' in a number")
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            integral = false
            offset += 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw error("expected a digit in a number's exponent")
            }
            while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
        }
        if integral && fitsInt {
            if negative { return .int(accumulated) }
            if accumulated != Int64.min { return .int(-accumulated) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONSyntaxError(offset: start, message: "expected a number") }
        return .double(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
