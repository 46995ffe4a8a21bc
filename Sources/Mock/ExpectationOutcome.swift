import Engine

/// The verdict on one `expect:` entry, with what a user needs to see why it failed.
public struct ExpectationOutcome: Sendable {
    public var expectation: Expectation
    public var passed: Bool
    /// One line: what was checked, e.g. `home_click_amount_10m at 15s`.
    public var subject: String
    public var expected: String
    public var actual: String
    /// The last events at or before the checked time, oldest first.
    public var recentEvents: [Event]
}

/// Compares a feature value with what a scenario expects.
enum ValueCheckEvaluator {
    static func passes(_ check: ValueCheck, _ actual: CELValue) -> Bool {
        if case .error = actual { return false }
        switch check {
        case .equals(let expected): return actual.isEqual(to: expected)
        case .isNull:
            if case .null = actual { return true }
            return false
        case .approx(let expected, let tolerance):
            guard let number = actual.doubleValue else { return false }
            return abs(number - expected) <= tolerance
        }
    }

    static func describe(_ check: ValueCheck) -> String {
        switch check {
        case .equals(let v): PlainJSON.text(v)
        case .isNull: "null"
        case .approx(let v, let tolerance): "\(v) ± \(tolerance)"
        }
    }
}

extension CELValue {
    var doubleValue: Double? {
        switch self {
        case .int(let n): Double(n)
        case .uint(let n): Double(n)
        case .double(let d): d
        default: nil
        }
    }
}
