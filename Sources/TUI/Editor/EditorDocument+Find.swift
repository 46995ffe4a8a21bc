import Foundation

/// Find and replace over the document's lines.
extension EditorDocument {
    /// Every match, in order.
    public func matches(of query: FindQuery) throws(FindError) -> [Range<TextPosition>] {
        guard let expression = try query.expression() else { return [] }
        var result: [Range<TextPosition>] = []
        for line in 0..<lineCount {
            for columns in FindQuery.matches(of: expression, in: self.line(line)) {
                result.append(TextPosition(line: line, column: columns.lowerBound)..<TextPosition(line: line, column: columns.upperBound))
            }
        }
        return result
    }

    /// The first match at or after `from`, wrapping to the first match after the end; with
    /// which of how many it is, and whether the search wrapped.
    public func find(_ query: FindQuery, from: TextPosition) throws(FindError) -> FindResult? {
        let all = try matches(of: query)
        guard !all.isEmpty else { return nil }
        if let index = all.firstIndex(where: { $0.lowerBound >= from }) {
            return FindResult(match: all[index], index: index, count: all.count, wrapped: false)
        }
        return FindResult(match: all[0], index: 0, count: all.count, wrapped: true)
    }

    /// Plain-text search, case-insensitive (the simple form the tests and callers use).
    public func find(_ text: String, from: TextPosition) -> Range<TextPosition>? {
        (try? find(FindQuery(text: text), from: from))?.match
    }

    /// Replaces every match; returns how many. One undo step. With `regex`, `$1` in the
    /// replacement is the first group.
    @discardableResult
    public func replaceAll(_ query: FindQuery, with replacement: String) throws(FindError) -> Int {
        guard let expression = try query.expression() else { return 0 }
        var count = 0
        var lines: [String] = []
        for line in 0..<lineCount {
            let text = self.line(line)
            let range = NSRange(location: 0, length: text.utf16.count)
            count += expression.numberOfMatches(in: text, range: range)
            let template = query.regex ? replacement : NSRegularExpression.escapedTemplate(for: replacement)
            lines.append(expression.stringByReplacingMatches(in: text, range: range, withTemplate: template))
        }
        guard count > 0 else { return 0 }
        let cursorBefore = cursor
        replace(.start..<TextPosition(line: lineCount - 1, column: lineLength(lineCount - 1)), with: lines.joined(separator: "\n"))
        cursor = clamp(cursorBefore)
        return count
    }

    @discardableResult
    public func replaceAll(_ text: String, with replacement: String) -> Int {
        (try? replaceAll(FindQuery(text: text), with: replacement)) ?? 0
    }

    /// Replaces the match at `match` (the current one) and returns where to look next.
    public func replace(match: Range<TextPosition>, of query: FindQuery, with replacement: String) throws(FindError) -> TextPosition {
        guard let expression = try query.expression() else { return match.upperBound }
        let matched = String(line(match.lowerBound.line).dropFirst(match.lowerBound.column).prefix(match.upperBound.column - match.lowerBound.column))
        let template = query.regex ? replacement : NSRegularExpression.escapedTemplate(for: replacement)
        let replaced = expression.stringByReplacingMatches(in: matched, range: NSRange(location: 0, length: matched.utf16.count), withTemplate: template)
        replace(match, with: replaced)
        return TextPosition(line: match.lowerBound.line, column: match.lowerBound.column + replaced.count)
    }
}

/// A match found, as the prompt reports it ("3 of 12", "wrapped").
public struct FindResult: Equatable {
    public var match: Range<TextPosition>
    public var index: Int
    public var count: Int
    public var wrapped: Bool
}
