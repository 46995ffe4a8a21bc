extension PlainJSON {
    public static func writeInteger<T: BinaryInteger>(_ value: T, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = UInt64(value.magnitude)
        // Digits are made last first, into a small buffer, then copied in order.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// A double as Swift's `description` writes it (the shortest text that reads back as the
    /// same double, `.0` on whole numbers); non-finite ones as strings (JSON has none).
    /// Prices and other values with a few decimals take a short way: when `m / 10^k` (with
    /// `m` a whole number below 10^15, so at most 15 significant digits, and `k` at most 6)
    /// is exactly this double, those digits are its shortest text, as no two decimals of at
    /// most 15 significant digits read as the same double.
    static func writeDouble(_ d: Double, to out: inout [UInt8]) {
        if d.isNaN { return append("\"NaN\"", to: &out) }
        if d.isInfinite { return append(d > 0 ? "\"Infinity\"" : "\"-Infinity\"", to: &out) }
        let magnitude = d.magnitude
        if magnitude >= 1e-3, magnitude < 1e15 {
            for decimals in 0...6 {
                let scaled = (magnitude * powersOfTen[decimals]).rounded()
                guard scaled < 1e15 else { break }
                guard scaled / powersOfTen[decimals] == magnitude else { continue }
                if d.sign == .minus { out.append(UInt8(ascii: "-")) }
                return writeDecimal(UInt64(scaled), decimals: decimals, to: &out)
            }
        } else if d == 0 {
            return append(d.sign == .minus ? "-0.0" : "0.0", to: &out)
        }
        out.append(contentsOf: d.description.utf8)
    }

    /// `whole / 10^decimals` in plain notation, with at least one decimal (`12.0`, `0.25`).
    private static func writeDecimal(_ whole: UInt64, decimals: Int, to out: inout [UInt8]) {
        let divisor = UInt64(powersOfTen[decimals])
        writeInteger(whole / divisor, to: &out)
        out.append(UInt8(ascii: "."))
        guard decimals > 0 else { return out.append(UInt8(ascii: "0")) }
        var fraction = whole % divisor
        var place = divisor / 10
        for _ in 0..<decimals {
            out.append(UInt8(ascii: "0") + UInt8(fraction / place))
            fraction %= place
            place /= 10
        }
    }

    /// Powers of ten a Double holds exactly.
    private static let powersOfTen: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]
}
