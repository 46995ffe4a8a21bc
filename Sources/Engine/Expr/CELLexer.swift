/// Splits CEL source into tokens. Works on Unicode scalars so columns count what a user sees
/// for ordinary text (one column per code point).
struct CELLexer {
    private let chars: [Unicode.Scalar]
    private var pos = 0
    private var line = 1
    private var lineStart = 0

    init(_ source: String) { chars = Array(source.unicodeScalars) }

    static func tokenize(_ source: String) throws(CELCompileError) -> [CELToken] {
        var lexer = CELLexer(source)
        var tokens: [CELToken] = []
        while true {
            let t = try lexer.next()
            tokens.append(t)
            if t.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = pos + offset
        return i < chars.count ? chars[i] : nil
    }

    private var column: Int { pos - lineStart + 1 }

    private func error(_ message: String, line: Int? = nil, column: Int? = nil) -> CELCompileError {
        CELCompileError(message: message, line: line ?? self.line, column: column ?? self.column)
    }

    private mutating func advance() {
        if chars[pos] == "\n" {
            line += 1
            lineStart = pos + 1
        }
        pos += 1
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                advance()
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    mutating func next() throws(CELCompileError) -> CELToken {
        skipSpaceAndComments()
        let startLine = line, startColumn = column
        func token(_ kind: CELToken.Kind) -> CELToken { CELToken(kind: kind, line: startLine, column: startColumn) }
        guard let c = peek() else { return token(.end) }

        if c.isDigit || (c == "." && peek(1)?.isDigit == true) {
            return token(try number())
        }
        if isIdentStart(c) {
            // String prefixes: r, b and their combinations directly before a quote.
            var prefix = ""
            var j = 0
            while let p = peek(j), "rRbB".unicodeScalars.contains(p), prefix.count < 2 {
                prefix.unicodeScalars.append(p)
                j += 1
            }
            if !prefix.isEmpty, let q = peek(j), q == "'" || q == "\"" {
                let lower = prefix.lowercased()
                if lower == "r" || lower == "b" || lower == "rb" || lower == "br" {
                    for _ in 0..<j { advance() }
                    return token(try stringLiteral(raw: lower.contains("r"), bytes: lower.contains("b")))
                }
            }
            var name = ""
            while let d = peek(), isIdentStart(d) || d.isDigit {
                name.unicodeScalars.append(d)
                advance()
            }
            return token(.ident(name))
        }
        if c == "'" || c == "\"" {
            return token(try stringLiteral(raw: false, bytes: false))
        }
        if c == "`" {
            advance()
            var name = ""
            while let d = peek(), d != "`" {
                if d == "\n" { break }
                name.unicodeScalars.append(d)
                advance()
            }
            guard peek() == "`" else { throw error("unterminated quoted identifier", line: startLine, column: startColumn) }
            advance()
            return token(.quotedIdent(name))
        }
        let two = peek(1).map { String(c) + String($0) } ?? ""
        if ["==", "!=", "<=", ">=", "&&", "||"].contains(two) {
            advance()
            advance()
            return token(.punct(two))
        }
        if "+-*/%<>!?:.,[]{}()".unicodeScalars.contains(c) {
            advance()
            return token(.punct(String(c)))
        }
        throw error("unexpected character '\(c)'")
    }

    private func isIdentStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || (c.isASCII && c.properties.isAlphabetic)
    }

    private mutating func number() throws(CELCompileError) -> CELToken.Kind {
        let startColumn = column
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            advance()
            advance()
            var digits = ""
            while let d = peek(), d.isHexDigit {
                digits.unicodeScalars.append(d)
                advance()
            }
            guard let v = UInt64(digits, radix: 16) else {
                throw error("invalid hexadecimal literal", column: startColumn)
            }
            return try integerSuffix(v)
        }
        var text = ""
        var isDouble = false
        while let d = peek(), d.isDigit {
            text.unicodeScalars.append(d)
            advance()
        }
        if peek() == ".", peek(1)?.isDigit == true {
            isDouble = true
            text.append(".")
            advance()
            while let d = peek(), d.isDigit {
                text.unicodeScalars.append(d)
                advance()
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            let signed = peek(1) == "+" || peek(1) == "-"
            if peek(signed ? 2 : 1)?.isDigit == true {
                isDouble = true
                text.append("e")
                advance()
                if signed {
                    text.unicodeScalars.append(peek()!)
                    advance()
                }
                while let d = peek(), d.isDigit {
                    text.unicodeScalars.append(d)
                    advance()
                }
            }
        }
        if isDouble {
            guard let v = Double(text) else { throw error("invalid floating-point literal", column: startColumn) }
            return .double(v)
        }
        guard let v = UInt64(text) else { throw error("integer literal out of range", column: startColumn) }
        return try integerSuffix(v)
    }

    private mutating func integerSuffix(_ v: UInt64) throws(CELCompileError) -> CELToken.Kind {
        if let u = peek(), u == "u" || u == "U" {
            advance()
            return .uint(v)
        }
        return .int(v)
    }

    /// Quoted text: '...', "...", '''...''', """...""", with escapes unless raw.
    private mutating func stringLiteral(raw: Bool, bytes: Bool) throws(CELCompileError) -> CELToken.Kind {
        let startLine = line, startColumn = column
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        for _ in 0..<(triple ? 3 : 1) { advance() }
        var out: [UInt8] = []  // UTF-8 for strings, raw bytes for bytes literals
        func appendScalar(_ s: Unicode.Scalar) { out.append(contentsOf: Array(String(s).utf8)) }

        while true {
            guard let c = peek() else {
                throw error("unterminated string literal", line: startLine, column: startColumn)
            }
            if c == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                for _ in 0..<(triple ? 3 : 1) { advance() }
                break
            }
            if !triple && (c == "\n" || c == "\r") {
                throw error("newline in string literal; use ''' or \"\"\" for multi-line text",
                            line: startLine, column: startColumn)
            }
            if c == "\\" && !raw {
                try escape(into: &out, bytes: bytes)
                continue
            }
            if c == "\\" && raw, let n = peek(1), n == quote {
                // A raw string still cannot end at an escaped quote.
                appendScalar(c)
                appendScalar(n)
                advance()
                advance()
                continue
            }
            appendScalar(c)
            advance()
        }
        if bytes { return .bytes(out) }
        guard let s = String(validating: out, as: UTF8.self) else {
            throw error("string literal is not valid UTF-8", line: startLine, column: startColumn)
        }
        return .string(s)
    }

    private mutating func escape(into out: inout [UInt8], bytes: Bool) throws(CELCompileError) {
        let escColumn = column
        advance()  // backslash
        guard let c = peek() else { throw error("unterminated escape sequence", column: escColumn) }
        advance()
        func scalar(_ v: UInt32) throws(CELCompileError) {
            guard let s = Unicode.Scalar(v) else { throw error("invalid code point in escape", column: escColumn) }
            out.append(contentsOf: Array(String(s).utf8))
        }
        func hex(_ n: Int) throws(CELCompileError) -> UInt32 {
            var v: UInt32 = 0
            for _ in 0..<n {
                guard let d = peek(), let h = d.isHexDigit ? UInt32(String(d), radix: 16) : nil else {
                    throw error("expected \(n) hexadecimal digits in escape", column: escColumn)
                }
                v = v * 16 + h
                advance()
            }
            return v
        }
        switch c {
        case "\\", "?", "\"", "'", "`": out.append(UInt8(c.value))
        case "a": out.append(7)
        case "b": out.append(8)
        case "f": out.append(12)
        case "n": out.append(10)
        case "r": out.append(13)
        case "t": out.append(9)
        case "v": out.append(11)
        case "x", "X":
            let v = try hex(2)
            if bytes { out.append(UInt8(v)) } else { try scalar(v) }
        case "u": try scalar(try hex(4))
        case "U": try scalar(try hex(8))
        case "0"..."3":
            var v = c.value - 48
            for _ in 0..<2 {
                guard let d = peek(), ("0"..."7").contains(d) else {
                    throw error("expected 3 octal digits in escape", column: escColumn)
                }
                v = v * 8 + d.value - 48
                advance()
            }
            if bytes { out.append(UInt8(v)) } else { try scalar(v) }
        default:
            throw error("invalid escape sequence '\\\(c)'", column: escColumn)
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isDigit: Bool { ("0"..."9").contains(self) }
    fileprivate var isHexDigit: Bool { isDigit || ("a"..."f").contains(self) || ("A"..."F").contains(self) }
}
