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
        // Up to 19 digits fit a UInt64 unchecked (no leading zeros: the first digit is 1-9).
        var magnitude: UInt64 = 0
        var digits = 0
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) {
                throw error("leading zero in a number; expected a digit 1-9 first")
            }
        } else {
            while offset < bytes.count, isDigit(bytes[offset]) {
                if digits < 19 { magnitude = magnitude &* 10 &+ UInt64(bytes[offset] &- UInt8(ascii: "0")) }
                digits += 1
                offset += 1
            }
        }
        let fitsInt = digits <= 19 && magnitude <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max))
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
            return .int(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
        }
        if let exact = Self.exactDouble(UnsafeBufferPointer(rebasing: bytes[start..<offset])) { return .double(exact) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONSyntaxError(offset: start, message: "expected a number") }
        return .double(value)
    }

    /// Powers of ten a Double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    /// Clinger's fast path: a literal (already checked well-formed) whose digits fit 2^53 and
    /// whose decimal exponent lies within ±22 is one exact product or quotient of two exact
    /// doubles, so correctly rounded without `strtod` or a String. Nil for any other literal.
    static func exactDouble(_ literal: UnsafeBufferPointer<UInt8>) -> Double? {
        var index = 0
        let negative = literal[0] == UInt8(ascii: "-")
        if negative { index += 1 }
        var mantissa: UInt64 = 0
        var exponent = 0
        var digits = 0
        var seenPoint = false
        while index < literal.count {
            let byte = literal[index]
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else if byte &- UInt8(ascii: "0") < 10 {
                if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                guard digits <= 15 else { return nil }  // 10^15 < 2^53: every such mantissa is exact
                mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
                if seenPoint { exponent -= 1 }
            } else {
                break
            }
            index += 1
        }
        if index < literal.count {  // an exponent: [eE] [+-]? digits
            index += 1
            var sign = 1
            if literal[index] == UInt8(ascii: "-") || literal[index] == UInt8(ascii: "+") {
                if literal[index] == UInt8(ascii: "-") { sign = -1 }
                index += 1
            }
            var written = 0
            while index < literal.count {
                written = written * 10 + Int(literal[index] &- UInt8(ascii: "0"))
                guard written <= 400 else { return nil }
                index += 1
            }
            exponent += sign * written
        }
        guard abs(exponent) <= 22 else { return nil }
        var value = Double(mantissa)
        value = exponent < 0 ? value / exactPowersOfTen[-exponent] : value * exactPowersOfTen[exponent]
        return negative ? -value : value
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
