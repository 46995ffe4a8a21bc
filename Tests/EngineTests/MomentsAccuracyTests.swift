import Foundation
import Testing
@testable import Engine

/// SPEC §4: floating-point results equal recomputing from the values in the window, within
/// 1e-9 relative — however many values have left it.
@Suite struct MomentsAccuracyTests {
    @Test func stddevAfterAHugeValueLeavesALastNWindow() {
        let h = StateHarness(.stddev, .lastN(2))
        for v in [1e8, 1, 2] { h.add(0, .double(v)) }
        #expect(same(h.query(at: 0), .double(0.5), tolerance: 1e-12))
    }

    @Test func stddevAfterAHugeValueLeavesASlidingWindow() {
        let h = StateHarness(.stddev, .sliding(TimeSpan(milliseconds: 10)))
        h.add(0, .double(1e8))
        h.add(5, .int(1))
        h.add(11, .int(2))
        #expect(same(h.query(at: 12), .double(0.5), tolerance: 1e-12))
    }

    /// Values from 1e-6 to 1e12 in magnitude, both signs, some repeated, through small windows
    /// that keep evicting; sum, avg and stddev against an exact recomputation every step.
    @Test(arguments: [Window.lastN(2), .lastN(5), .sliding(TimeSpan(milliseconds: 20)), .tumbling(TimeSpan(milliseconds: 30)), .lifetime])
    func sumAvgAndStddevStayAccurateOverManyMagnitudes(_ window: Window) {
        for seed in 0..<60 {
            var random = SeededRandom(seed: UInt64(7_000 + seed))
            let h = StateHarness([
                aggregationFeature("sum", .sum, window), aggregationFeature("avg", .avg, window),
                aggregationFeature("sd", .stddev, window),
            ])
            var held: [(ts: Int64, x: Double)] = []
            var ts: Int64 = 0
            for step in 0..<300 {
                ts += Int64.random(in: 0...6, using: &random)
                let x = Self.randomMagnitude(&random, previous: held.last?.x)
                h.add(ts, .double(x))
                held.append((ts, x))
                switch window {
                case .lastN(let n): held = Array(held.suffix(n))
                case .sliding(let d): held.removeAll { $0.ts <= ts - d.milliseconds }
                case .tumbling(let d): held.removeAll { $0.ts / d.milliseconds != ts / d.milliseconds }
                default: break
                }
                let xs = held.map(\.x)
                let scale = xs.map(abs).max() ?? 0
                let exactSum = Self.exactSum(xs)
                let mean = exactSum / Double(xs.count)
                let deviation = (Self.exactSum(xs.map { ($0 - mean) * ($0 - mean) }) / Double(xs.count)).squareRoot()
                let checks: [(String, Double, Double)] = [
                    ("sum", exactSum, 1e-15), ("avg", mean, 1e-15), ("sd", deviation, 1e-13),
                ]
                for (name, expected, floor) in checks {
                    guard case .double(let actual) = h.query(name, at: ts) else {
                        Issue.record("\(name) is not a double")
                        return
                    }
                    let ok = abs(actual - expected) <= 1e-9 * abs(expected) + floor * scale
                    #expect(ok, "\(window) seed \(seed) step \(step) \(name): \(actual), recomputed \(expected) from \(xs)")
                    if !ok { return }
                }
            }
        }
    }

    /// ±m·10^e with e in -6...12; one value in eight repeats the previous one.
    static func randomMagnitude(_ random: inout SeededRandom, previous: Double?) -> Double {
        if let previous, Int.random(in: 0..<8, using: &random) == 0 { return previous }
        let exponent = Double(Int.random(in: -6...12, using: &random))
        let mantissa = Double.random(in: 1..<10, using: &random)
        return (Bool.random(using: &random) ? 1 : -1) * mantissa * pow(10, exponent)
    }

    /// A correctly rounded sum (Shewchuk's partials, as Python's `math.fsum`), the reference
    /// a recomputation from the window would give at best.
    static func exactSum(_ values: [Double]) -> Double {
        var partials: [Double] = []
        for var x in values {
            var kept = 0
            for var y in partials {
                if abs(x) < abs(y) { swap(&x, &y) }
                let high = x + y
                let low = y - (high - x)
                if low != 0 {
                    partials[kept] = low
                    kept += 1
                }
                x = high
            }
            partials.removeSubrange(kept...)
            partials.append(x)
        }
        return partials.reduce(0, +)
    }
}
