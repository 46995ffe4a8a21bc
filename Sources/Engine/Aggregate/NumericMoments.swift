/// Running sums for `sum`, `avg` and `stddev` that also support removing a value, so
/// sliding and last-N windows need no recomputation.
///
/// Integers are summed exactly in 128 bits, so removal undoes an addition exactly and a sum
/// that leaves Int64 is reported as an overflow error rather than wrapped. Doubles use Neumaier-compensated sums, and
/// `stddev` sums squares of differences from a shift (the first value of the window) to
/// avoid cancellation. Non-numeric values are ignored.
struct NumericMoments {
    /// Whether `stddev` is read: only then are the shifted sums of squares kept.
    let tracksSpread: Bool
    private(set) var numericCount = 0
    private var doubleCount = 0
    private var intSum = WideSum()
    private var doubleSum = CompensatedSum()
    private var shift: Double?
    private var shiftedSum = CompensatedSum()
    private var shiftedSquares = CompensatedSum()

    init(tracksSpread: Bool) { self.tracksSpread = tracksSpread }

    mutating func add(_ value: CELValue) { update(value, sign: 1) }
    mutating func remove(_ value: CELValue) { update(value, sign: -1) }

    private mutating func update(_ value: CELValue, sign: Double) {
        let x: Double
        switch value {
        case .int(let i):
            intSum.add(i, negate: sign < 0)
            x = Double(i)
        case .uint(let u):
            intSum.add(u, negate: sign < 0)
            x = Double(u)
        case .double(let d):
            doubleCount += sign > 0 ? 1 : -1
            doubleSum.add(sign * d)
            x = d
        default:
            return
        }
        numericCount += sign > 0 ? 1 : -1
        if numericCount == 0 {
            self = NumericMoments(tracksSpread: tracksSpread)
            return
        }
        guard tracksSpread else { return }
        let base = shift ?? x
        shift = base
        shiftedSum.add(sign * (x - base))
        shiftedSquares.add(sign * (x - base) * (x - base))
    }

    /// Integer when every value is an integer, else double; 0 when empty.
    var sum: CELValue {
        if doubleCount == 0 {
            guard let exact = intSum.int64 else { return .error(CELError("integer overflow in sum")) }
            return .int(exact)
        }
        return .double(intSum.double + doubleSum.value)
    }

    var average: CELValue {
        guard numericCount > 0 else { return .null }
        return .double((intSum.double + doubleSum.value) / Double(numericCount))
    }

    /// Population standard deviation.
    var standardDeviation: CELValue {
        guard numericCount > 0 else { return .null }
        let n = Double(numericCount)
        let mean = shiftedSum.value / n
        let variance = max(0, shiftedSquares.value / n - mean * mean)
        return .double(variance.squareRoot())
    }
}

/// Neumaier's compensated summation: keeps the low-order bits plain `+=` loses.
struct CompensatedSum {
    private var sum: Double = 0
    private var compensation: Double = 0

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
    }

    var value: Double { sum + compensation }
}

/// A two's-complement 128-bit integer sum: exact for any number of Int64/UInt64 terms.
struct WideSum {
    private var high: Int64 = 0
    private var low: UInt64 = 0

    mutating func add(_ x: Int64, negate: Bool) {
        addWords(high: x < 0 ? -1 : 0, low: UInt64(bitPattern: x), negate: negate)
    }

    mutating func add(_ x: UInt64, negate: Bool) {
        addWords(high: 0, low: x, negate: negate)
    }

    private mutating func addWords(high h: Int64, low l: UInt64, negate: Bool) {
        var (h, l) = (h, l)
        if negate {
            // -(h, l) = ~(h, l) + 1
            (l, h) = (~l, ~h)
            let (sum, carry) = l.addingReportingOverflow(1)
            l = sum
            if carry { h = h &+ 1 }
        }
        let (sum, carry) = low.addingReportingOverflow(l)
        low = sum
        high = high &+ h &+ (carry ? 1 : 0)
    }

    /// The sum when it fits Int64.
    var int64: Int64? {
        let candidate = Int64(bitPattern: low)
        return high == (candidate < 0 ? -1 : 0) ? candidate : nil
    }

    var double: Double {
        if let exact = int64 { return Double(exact) }
        // Beyond Int64 the high word dominates; the low word is unsigned below it.
        return Double(high) * 0x1p64 + Double(low)
    }
}
