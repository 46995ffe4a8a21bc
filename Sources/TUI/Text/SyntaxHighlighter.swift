/// What a stretch of source is, for colouring.
public enum TokenKind: Sendable, Equatable {
    case plain, keyword, string, number, comment, key, constant, punctuation
}

/// Line-at-a-time highlighting for YAML, JSON and Python: one kind per character.
/// Line-local on purpose, so drawing any screenful of a huge file costs the same.
public enum SyntaxHighlighter {
    static let pythonKeywords: Set<String> = [
        "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally",
        "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
        "return", "try", "while", "with", "yield", "async", "await", "match", "case",
    ]
    static let pythonConstants: Set<String> = ["True", "False", "None", "self"]
    static let jsonConstants: Set<String> = ["true", "false", "null"]
    static let yamlConstants: Set<String> = ["true", "false", "null", "yes", "no", "on", "off", "~"]
    static let pythonPunctuation = Set("()[]{}:,.=+-*/<>%")
    static let jsonPunctuation = Set("{}[]:,")
    static let yamlPunctuation = Set("{}[],:|>")
    static let yamlScalarEnd = Set(" ,]}#")

    public static func kinds(of line: [Character], as type: FileType) -> [TokenKind] {
        switch type {
        case .yaml: return yaml(line)
        case .json: return json(line)
        case .python: return python(line)
        case .plain: return Array(repeating: .plain, count: line.count)
        }
    }

    private static func python(_ line: [Character]) -> [TokenKind] {
        var kinds = Array(repeating: TokenKind.plain, count: line.count)
        var index = 0
        while index < line.count {
            let character = line[index]
            if character == "#" {
                for i in index..<line.count { kinds[i] = .comment }
                break
            } else if character == "\"" || character == "'" {
                index = markString(line, from: index, into: &kinds)
            } else if character.isNumber, index == 0 || !isWordCharacter(line[index - 1]) {
                index = markNumber(line, from: index, into: &kinds)
            } else if isWordCharacter(character) {
                let end = wordEnd(line, from: index)
                let word = String(line[index..<end])
                let kind: TokenKind = pythonKeywords.contains(word) ? .keyword : pythonConstants.contains(word) ? .constant : .plain
                for i in index..<end { kinds[i] = kind }
                index = end
            } else {
                if pythonPunctuation.contains(character) { kinds[index] = .punctuation }
                index += 1
            }
        }
        return kinds
    }

    private static func json(_ line: [Character]) -> [TokenKind] {
        var kinds = Array(repeating: TokenKind.plain, count: line.count)
        var index = 0
        while index < line.count {
            let character = line[index]
            if character == "\"" {
                let end = markString(line, from: index, into: &kinds)
                // A string followed by a colon is an object key.
                var next = end
                while next < line.count, line[next] == " " { next += 1 }
                if next < line.count, line[next] == ":" { for i in index..<end { kinds[i] = .key } }
                index = end
            } else if character.isNumber || (character == "-" && index + 1 < line.count && line[index + 1].isNumber) {
                index = markNumber(line, from: index, into: &kinds)
            } else if isWordCharacter(character) {
                let end = wordEnd(line, from: index)
                if jsonConstants.contains(String(line[index..<end])) { for i in index..<end { kinds[i] = .constant } }
                index = end
            } else {
                if jsonPunctuation.contains(character) { kinds[index] = .punctuation }
                index += 1
            }
        }
        return kinds
    }

    private static func yaml(_ line: [Character]) -> [TokenKind] {
        var kinds = Array(repeating: TokenKind.plain, count: line.count)
        var index = 0
        while index < line.count, line[index] == " " { index += 1 }
        if index + 1 < line.count, line[index] == "-", line[index + 1] == " " {
            kinds[index] = .punctuation
            index += 2
        }
        if line.starts(with: ["-", "-", "-"]) {
            for i in 0..<min(3, line.count) { kinds[i] = .punctuation }
            return kinds
        }
        // `key:` at the start of the content.
        if let colon = keyColon(line, from: index) {
            for i in index..<colon { kinds[i] = .key }
            kinds[colon] = .punctuation
            index = colon + 1
        }
        var flowDepth = 0  // inside [ ] or { }, where `,` ends a scalar
        while index < line.count {
            let character = line[index]
            if character == "#", index == 0 || line[index - 1] == " " {
                for i in index..<line.count { kinds[i] = .comment }
                break
            } else if character == "\"" || character == "'" {
                index = markString(line, from: index, into: &kinds)
            } else if character == " " {
                index += 1
            } else if flowDepth == 0, !"[{|>".contains(character) {
                // A plain scalar outside flow collections runs to a comment or the line's end:
                // it is a number or a constant only as a whole (`on` alone, not in `on the page`).
                var end = index
                while end < line.count, !(line[end] == "#" && line[end - 1] == " ") { end += 1 }
                while end > index, line[end - 1] == " " { end -= 1 }
                let scalar = String(line[index..<end])
                if Double(scalar) != nil || isDuration(scalar) {
                    for i in index..<end { kinds[i] = .number }
                } else if yamlConstants.contains(scalar.lowercased()) {
                    for i in index..<end { kinds[i] = .constant }
                } else {
                    // Quoted parts of an expression (`page == "home"`) still read as strings.
                    var i = index
                    while i < end {
                        if line[i] == "\"" || line[i] == "'" { i = min(end, markString(line, from: i, into: &kinds)) } else { i += 1 }
                    }
                }
                index = max(end, index + 1)
            } else if yamlPunctuation.contains(character) {
                if character == "[" || character == "{" { flowDepth += 1 }
                if character == "]" || character == "}" { flowDepth = max(0, flowDepth - 1) }
                kinds[index] = .punctuation
                index += 1
            } else if !isWordCharacter(character) && character != "-" && character != "." {
                index += 1
            } else {
                var end = index
                while end < line.count, !yamlScalarEnd.contains(line[end]) { end += 1 }
                let word = String(line[index..<end])
                if Double(word) != nil || isDuration(word) {
                    for i in index..<end { kinds[i] = .number }
                } else if yamlConstants.contains(word.lowercased()) {
                    for i in index..<end { kinds[i] = .constant }
                }
                index = max(end, index + 1)
            }
        }
        return kinds
    }

    private static func keyColon(_ line: [Character], from start: Int) -> Int? {
        var index = start
        while index < line.count {
            let character = line[index]
            if character == ":" { return index > start && (index + 1 == line.count || line[index + 1] == " ") ? index : nil }
            if !(isWordCharacter(character) || character == "-" || character == ".") { return nil }
            index += 1
        }
        return nil
    }

    private static func isDuration(_ word: String) -> Bool {
        let units = ["ms", "s", "m", "h", "d"]
        guard let unit = units.first(where: { word.hasSuffix($0) }) else { return false }
        let digits = word.dropLast(unit.count)
        return !digits.isEmpty && digits.allSatisfy(\.isNumber)
    }

    private static func markString(_ line: [Character], from start: Int, into kinds: inout [TokenKind]) -> Int {
        let quote = line[start]
        var index = start + 1
        while index < line.count {
            if line[index] == "\\" { index += 2; continue }
            if line[index] == quote { index += 1; break }
            index += 1
        }
        index = min(index, line.count)
        for i in start..<index { kinds[i] = .string }
        return index
    }

    private static func markNumber(_ line: [Character], from start: Int, into kinds: inout [TokenKind]) -> Int {
        var index = start + 1
        while index < line.count, line[index].isNumber || line[index] == "." || line[index] == "_" || line[index] == "e" { index += 1 }
        for i in start..<index { kinds[i] = .number }
        return index
    }

    private static func wordEnd(_ line: [Character], from start: Int) -> Int {
        var index = start
        while index < line.count, isWordCharacter(line[index]) { index += 1 }
        return index
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character == "_" || character.isLetter || character.isNumber
    }
}
