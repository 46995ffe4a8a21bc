/// Running sums for `sum`, `avg` and `stddev` that also support removing a value, so
/// sliding and last-N windows need no recomputation.
///
/// Integers are summed exactly in 128 bits, so removal undoes an addition exactly and a sum
/// that leaves Int64 is reported as an overflow error rather than wrapped. Doubles use
/// Neumaier-compensated sums, and `stddev` sums squares of differences from a shift (a value
/// of the window) to avoid cancellation. Non-numeric values are ignored.
///
/// Removal alone would let error build up (SPEC §4: results within 1e-9 relative of
/// recomputing from the window): once the shift is far from the values left (1e8 left, 1 and
/// 2 remain) the squares cancel. So a window that keeps its values recomputes the double sum
/// and the spread from them — shifted by their mean — when the shift has gone stale, and after
/// as many removals as values held, which keeps the cost amortised O(1) per event.
struct NumericMoments: Codable {
    /// Whether `stddev` is read: only then are the shifted sums of squares kept.
    let tracksSpread: Bool
    private(set) var numericCount = 0
    private var doubleCount = 0
    private var intSum = WideSum()
    private var doubleSum = CompensatedSum()
    private var shift: Double?
    private var shiftedSum = CompensatedSum()
    private var shiftedSquares = CompensatedSum()
    /// Removals since the sums were last built from the window's values.
    private var removalsSinceRecompute = 0

    init(tracksSpread: Bool) { self.tracksSpread = tracksSpread }

    mutating func add(_ value: CELValue) { update(value, sign: 1) }
    mutating func remove(_ value: CELValue) {
        update(value, sign: -1)
        removalsSinceRecompute += 1
    }

    /// Whether the sums should be rebuilt from the window's values (see the type's comment).
    @inline(__always)  // asked after every expiry: a call copied the whole struct first
    var shouldRecompute: Bool {
        guard numericCount > 1 else { return false }
        if (doubleCount > 0 || tracksSpread) && removalsSinceRecompute >= max(numericCount, 32) { return true }
        return doubleSum.hasCancelled || tracksSpread && (shiftedSquares.hasCancelled || shiftIsStale)
    }

    /// The shift is so far from the values' mean that the squares lose more than 4 digits.
    private var shiftIsStale: Bool {
        guard tracksSpread, numericCount > 1, let shift else { return false }
        let n = Double(numericCount)
        let offset = shiftedSum.value / n
        let variance = shiftedSquares.value / n - offset * offset
        return offset * offset > 1e4 * max(variance, 0) && abs(offset) > 1e-12 * max(abs(shift), abs(offset))
    }

    /// Rebuilds the double sum and the spread from the values in the window (the integer
    /// sum is exact and kept). Two passes: the mean, then differences from it.
    mutating func recompute<S: Sequence>(from window: S) where S.Element == CELValue {
        removalsSinceRecompute = 0
        var doubles = CompensatedSum(), all = CompensatedSum()
        for value in window {
            guard let x = Self.number(value) else { continue }
            if case .double = value { doubles.add(x) }
            all.add(x)
        }
        doubleSum = doubles
        doubleSum.resetPeak()
        guard tracksSpread, numericCount > 0 else { return }
        let mean = all.value / Double(numericCount)
        shift = mean
        shiftedSum = CompensatedSum()
        shiftedSquares = CompensatedSum()
        for value in window {
            guard let x = Self.number(value) else { continue }
            shiftedSum.add(x - mean)
            shiftedSquares.add((x - mean) * (x - mean))
        }
        shiftedSum.resetPeak()
        shiftedSquares.resetPeak()
    }

    private static func number(_ value: CELValue) -> Double? {
        switch value {
        case .int(let i): Double(i)
        case .uint(let u): Double(u)
        case .double(let d): d
        default: nil
        }
    }

    @inline(__always)  // two callers, several times per event each
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
///
/// Its error grows with the largest partial sum it went through (the compensation absorbs
/// errors of that size, and rounds at that size), so it remembers that peak: once the sum is
/// far below it (large values added and taken out again), it is time to recompute.
struct CompensatedSum: Codable {
    private var sum: Double = 0
    private var compensation: Double = 0
    private var peak: Double = 0

    /// The value is a millionth of the largest partial sum or less: digits may have been lost.
    var hasCancelled: Bool { peak > 1e6 * abs(value) }

    /// After a recomputation the sum is as exact as one pass can be: measure from here.
    mutating func resetPeak() { peak = abs(value) }

    mutating func add(_ x: Double) {
        let t = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - t) + x
        } else {
            compensation += (x - t) + sum
        }
        sum = t
        peak = max(peak, abs(t))
    }

    var value: Double { sum + compensation }
}

/// A two's-complement 128-bit integer sum: exact for any number of Int64/UInt64 terms.
struct WideSum: Codable {
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
