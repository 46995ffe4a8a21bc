extension JSONValueScanner {
    /// Parses a JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    /// Integral literals that fit Int64 stay exact; the rest go through `Double`. One pass:
    /// the fraction's digits join the integer's in one mantissa, so a price needs no second
    /// read of its bytes (`exactDouble`); only literals outside the fast path make a String.
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
            _ = readDigits(&magnitude, &digits)
        }
        let fitsInt = digits <= 19 && magnitude <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max))
        var integral = true
        /// The value is `magnitude * 10^exponent` exactly while no digit was dropped.
        var exponent = 0
        if offset < bytes.count, bytes[offset] == UInt8(ascii: ".") {
            integral = false
            offset += 1
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw error("expected a digit after '.' in a number")
            }
            exponent -= readDigits(&magnitude, &digits)
        }
        if offset < bytes.count, bytes[offset] | 0x20 == UInt8(ascii: "e") {
            integral = false
            offset += 1
            var sign = 1
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "+") || bytes[offset] == UInt8(ascii: "-") {
                if bytes[offset] == UInt8(ascii: "-") { sign = -1 }
                offset += 1
            }
            guard offset < bytes.count, isDigit(bytes[offset]) else {
                throw error("expected a digit in a number's exponent")
            }
            var written = 0
            while offset < bytes.count, isDigit(bytes[offset]) {
                // Saturated: past 400 only the general parse can say what it means.
                if written <= 400 { written = written * 10 + Int(bytes[offset] &- UInt8(ascii: "0")) }
                offset += 1
            }
            exponent += sign * written
        }
        if integral && fitsInt {
            return .int(negative ? Int64(bitPattern: 0 &- magnitude) : Int64(magnitude))
        }
        if digits <= 19, let exact = Self.exactDouble(mantissa: magnitude, exponent: exponent, negative: negative) {
            return .double(exact)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONSyntaxError(offset: start, message: "expected a number") }
        return .double(value)
    }

    /// Reads the run of digits at `offset`, appending them to `magnitude` while it holds
    /// fewer than 19 digits (which a UInt64 takes unchecked) and counting all in `digits`;
    /// returns how many were appended. Eight digits at a time where the line has them (a
    /// timestamp is 13), converted in three multiplications instead of eight.
    @inline(__always)
    private mutating func readDigits(_ magnitude: inout UInt64, _ digits: inout Int) -> Int {
        var appended = 0
        while digits <= 11, offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(bytes.baseAddress! + offset).loadUnaligned(as: UInt64.self)
            guard let eight = Self.eightDigits(word) else { break }
            magnitude = magnitude &* 100_000_000 &+ eight
            digits += 8
            appended += 8
            offset += 8
        }
        while offset < bytes.count, isDigit(bytes[offset]) {
            if digits < 19 {
                magnitude = magnitude &* 10 &+ UInt64(bytes[offset] &- UInt8(ascii: "0"))
                appended += 1
            }
            digits += 1
            offset += 1
        }
        return appended
    }

    /// The value of eight ASCII digits loaded little-endian (first digit in the low byte), or
    /// nil when any byte is not a digit.
    @inline(__always)
    static func eightDigits(_ word: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // Each byte 0x30-0x39: its high nibble is 3, and adding 6 keeps it 3.
        guard word & (ones &* 0xF0) == ones &* 0x30, (word &+ ones &* 0x06) & (ones &* 0xF0) == ones &* 0x30 else { return nil }
        var value = word & (ones &* 0x0F)
        value = (value &* (10 << 8 + 1)) >> 8 & 0x00FF_00FF_00FF_00FF
        value = (value &* (100 << 16 + 1)) >> 16 & 0x0000_FFFF_0000_FFFF
        return (value &* (10_000 << 32 + 1)) >> 32
    }

    /// Powers of ten a Double holds exactly.
    private static let exactPowersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { power, _ in power * 10 }
    }

    /// Clinger's fast path: `mantissa * 10^exponent` when the mantissa fits 2^53 and the
    /// exponent lies within ±22 is one exact product or quotient of two exact doubles, so
    /// correctly rounded without `strtod` or a String. Nil for anything else.
    @inline(__always)
    static func exactDouble(mantissa: UInt64, exponent: Int, negative: Bool) -> Double? {
        guard mantissa <= 1 << 53, exponent >= -22, exponent <= 22 else { return nil }
        let value = Double(mantissa)
        let scaled = exponent < 0 ? value / exactPowersOfTen[-exponent] : value * exactPowersOfTen[exponent]
        return negative ? -scaled : scaled
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
