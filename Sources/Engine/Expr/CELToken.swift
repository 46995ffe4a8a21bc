/// One lexical token of a CEL expression, with its 1-based position in the expression text.
struct CELToken: Sendable {
    enum Kind: Sendable, Equatable {
        case int(UInt64)  // magnitude; the parser applies a leading minus so INT64_MIN fits
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        case ident(String)
        case quotedIdent(String)  // `content-type`, only valid after `.`
        case punct(String)  // operators and brackets, e.g. "&&", "[", "?"
        case end
    }

    var kind: Kind
    var line: Int
    var column: Int

    var punct: String? {
        if case .punct(let p) = kind { return p }
        return nil
    }

    /// How the token reads in an error message ("expected ')' but found ',' ").
    var display: String {
        switch kind {
        case .int(let v): "\(v)"
        case .uint(let v): "\(v)u"
        case .double(let v): "\(v)"
        case .string: "string literal"
        case .bytes: "bytes literal"
        case .ident(let s): "'\(s)'"
        case .quotedIdent(let s): "`\(s)`"
        case .punct(let p): "'\(p)'"
        case .end: "end of expression"
        }
    }
}
