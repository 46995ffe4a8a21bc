/// The parsed form of a CEL expression. Operators are calls with CEL's internal names
/// (`_+_`, `_&&_`, `_?_:_`, `_[_]`, `@in`, `!_`, `-_`); macros are already expanded.
struct CELExpr: Sendable {
    /// Dense per-expression id; the checker's tables are indexed by it.
    let id: Int
    /// 1-based position within the expression text.
    let line: Int
    let column: Int
    let kind: Kind

    indirect enum Kind: Sendable {
        case literal(CELValue)
        case ident(String)
        /// `operand.field`; `test` is the `has(operand.field)` macro.
        case select(operand: CELExpr, field: String, test: Bool)
        case call(function: String, target: CELExpr?, args: [CELExpr])
        case list([CELExpr])
        case map([(key: CELExpr, value: CELExpr)])
        case comprehension(CELComprehension)
    }
}

/// An expanded macro: iterate `range`, binding `variable` to each element (map: each key).
struct CELComprehension: Sendable {
    enum Kind: String, Sendable {
        case all, exists, existsOne = "exists_one", map, filter
    }

    let kind: Kind
    let variable: String
    let range: CELExpr
    /// The predicate of `filter(x, p)` and of the three-argument `map(x, p, t)`.
    let filter: CELExpr?
    /// The predicate of all/exists/exists_one, or the transform of `map`.
    let body: CELExpr
}
