import Foundation

/// What Find looks for: the text, and the three toggles editors have (Alt-C, Alt-W, Alt-R).
/// Matches never span lines.
public struct FindQuery: Equatable, Sendable {
    public var text: String
    public var caseSensitive = false
    public var wholeWord = false
    public var regex = false

    public init(text: String, caseSensitive: Bool = false, wholeWord: Bool = false, regex: Bool = false) {
        self.text = text
        self.caseSensitive = caseSensitive
        self.wholeWord = wholeWord
        self.regex = regex
    }

    /// The toggles as the prompt shows them.
    public var flags: String {
        "[\(caseSensitive ? "Aa" : "aa")] [\(wholeWord ? "W" : "w")] [\(regex ? ".*" : "..")]"
    }

    /// The compiled expression; nil for an empty query, an error message for a bad regex.
    func expression() throws(FindError) -> NSRegularExpression? {
        guard !text.isEmpty else { return nil }
        var pattern = regex ? text : NSRegularExpression.escapedPattern(for: text)
        if wholeWord { pattern = "\\b(?:" + pattern + ")\\b" }
        do {
            return try NSRegularExpression(pattern: pattern, options: caseSensitive ? [] : [.caseInsensitive])
        } catch {
            throw FindError(message: "not a valid regular expression: \(text)")
        }
    }

    /// The matches in one line, as character columns.
    static func matches(of expression: NSRegularExpression, in line: String) -> [Range<Int>] {
        let utf16 = line.utf16
        return expression.matches(in: line, range: NSRange(location: 0, length: utf16.count)).compactMap { match in
            guard match.range.length > 0, let range = Range(match.range, in: line) else { return nil }
            let start = line.distance(from: line.startIndex, to: range.lowerBound)
            return start..<(start + line[range].count)
        }
    }
}

public struct FindError: Error, Equatable {
    public var message: String
}
