/// Breaks text into lines of at most `width` display cells at spaces; a word longer than a
/// line is broken where it must.
public enum WordWrap {
    public static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        var line = "", lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            var word = String(word)
            var wordWidth = DisplayWidth.of(word)
            if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
                line += " " + word
                lineWidth += 1 + wordWidth
                continue
            }
            if lineWidth > 0 || !line.isEmpty { lines.append(line) }
            while wordWidth > width {
                let head = DisplayWidth.prefix(of: word, fitting: width)
                guard !head.isEmpty else { break }  // a character wider than the line
                lines.append(head)
                word.removeFirst(head.count)
                wordWidth = DisplayWidth.of(word)
            }
            (line, lineWidth) = (word, wordWidth)
        }
        lines.append(line)
        return lines
    }
}
