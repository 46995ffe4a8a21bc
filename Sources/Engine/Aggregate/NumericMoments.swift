/// Running sums for `sum`, `avg` and `stddev` that also support removing a value, so
/// sliding and last-N windows need no recomputation.
///
/// Integers are summed exactly in wrapping Int64 (removal undoes an addition exactly; a
/// shadow double sum detects a true overflow). Doubles use Neumaier-compensated sums, and
/// `stddev` sums squares of differences from a shift (the first value of the window) to
/// avoid cancellation. Non-numeric values are ignored.
struct NumericMoments {
    private(set) var numericCount = 0
    private var doubleCount = 0
    private var intSum: Int64 = 0
    private var intSumShadow: Double = 0
    private var doubleSum = CompensatedSum()
    private var shift: Double?
    private var shiftedSum = CompensatedSum()
    private var shiftedSquares = CompensatedSum()

    mutating func add(_ value: CELValue) { update(value, sign: 1) }
    mutating func remove(_ value: CELValue) { update(value, sign: -1) }

    private mutating func update(_ value: CELValue, sign: Double) {
        let x: Double
        switch value {
        case .int(let i):
            intSum = sign > 0 ? intSum &+ i : intSum &- i
            intSumShadow += sign * Double(i)
            x = Double(i)
        case .uint(let u):
            let i = Int64(truncatingIfNeeded: u)
            intSum = sign > 0 ? intSum &+ i : intSum &- i
            intSumShadow += sign * Double(u)
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
            self = NumericMoments()
            return
        }
        let base = shift ?? x
        shift = base
        shiftedSum.add(sign * (x - base))
        shiftedSquares.add(sign * (x - base) * (x - base))
    }

    /// Integer when every value is an integer, else double; 0 when empty.
    var sum: CELValue {
        if doubleCount == 0 {
            if abs(intSumShadow) >= 0x1p63 { return .error(CELError("integer overflow in sum")) }
            return .int(intSum)
        }
        return .double(Double(intSum) + doubleSum.value)
    }

    var average: CELValue {
        guard numericCount > 0 else { return .null }
        return .double((Double(intSum) + doubleSum.value) / Double(numericCount))
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
