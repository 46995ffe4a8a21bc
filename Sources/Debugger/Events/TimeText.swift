import Foundation

/// Event times as people read them in frames and descriptions.
enum TimeText {
    /// `2026-11-21T10:00:02.000Z`.
    static func iso(_ ts: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ts) / 1000))
    }
}
