import Foundation
import Synchronization

/// A breakpoint's `hitCondition`, as editors write it: `N` or `==N` (the Nth hit only), `>N`,
/// `>=N`, `<N`, `<=N`, `%N` (every Nth). Hits count the times the breakpoint's place was
/// reached with its condition holding.
struct HitCondition: Sendable {
    enum Comparison: Sendable { case equal, greater, greaterOrEqual, less, lessOrEqual, multiple }

    let comparison: Comparison
    let count: Int
    /// Shared by the copies of one rule (hooks take copies of the rules).
    private let hits = HitCounter()

    init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let forms: [(String, Comparison)] = [(">=", .greaterOrEqual), ("<=", .lessOrEqual), ("==", .equal), (">", .greater),
                                             ("<", .less), ("%", .multiple), ("", .equal)]
        guard let (prefix, comparison) = forms.first(where: { text.hasPrefix($0.0) }),
              let count = Int(text.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)), count >= 0,
              comparison != .multiple || count > 0 else { return nil }
        self.comparison = comparison
        self.count = count
    }

    /// Counts one more hit; whether this one stops.
    func hit() -> Bool {
        let n = hits.next()
        switch comparison {
        case .equal: return n == count
        case .greater: return n > count
        case .greaterOrEqual: return n >= count
        case .less: return n < count
        case .lessOrEqual: return n <= count
        case .multiple: return n % count == 0
        }
    }

    static let expected = "expected N, ==N, >N, >=N, <N, <=N or %N"
}

final class HitCounter: Sendable {
    private let count = Mutex(0)
    func next() -> Int { count.withLock { $0 += 1; return $0 } }
}
