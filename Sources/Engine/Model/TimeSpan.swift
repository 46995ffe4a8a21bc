/// A duration from a config (`250ms`, `10s`, `5m`, `2h`, `7d`), in milliseconds like event time.
public struct TimeSpan: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.milliseconds < b.milliseconds }

    private static let units: [(suffix: String, factor: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    /// Parses `<digits><unit>`; nil for anything else (`10mins`, `1.5s`, `-3s`).
    public init?(parsing text: String) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let unit = text.dropFirst(digits.count)
        guard !digits.isEmpty, let n = Int64(digits),
              let factor = Self.units.first(where: { $0.suffix == unit })?.factor
        else { return nil }
        let (ms, overflow) = n.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        self.milliseconds = ms
    }

    /// The shortest exact spelling, e.g. `90s`, `10m`.
    public var description: String {
        for (suffix, factor) in Self.units.reversed() where milliseconds != 0 && milliseconds % factor == 0 {
            return "\(milliseconds / factor)\(suffix)"
        }
        return "\(milliseconds)ms"
    }

    public static let expectedForm = "a duration such as 250ms, 10s, 5m, 2h or 7d"
}
