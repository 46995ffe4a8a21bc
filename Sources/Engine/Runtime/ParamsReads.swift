/// Which `params` fields an expression reads as `params.f`, and whether it reads `params`
/// any other way (`has(params.f)`, `params["f"]`, `size(params)`, ...).
///
/// The pipeline reads each such field once per event into a slot of its own, and compiles the
/// expression so that `params.f` names that slot (a qualified variable name, which the checker
/// resolves before selecting from the map): `where: params.price > 10.0` then looks nothing up
/// in the map. `params` itself is bound only when some expression reads it another way.
struct ParamsReads: Equatable {
    var fields: Set<String> = []
    var wholeParams = false

    init(_ source: String) {
        // An expression that does not parse reads everything it might (it never runs anyway).
        guard let (expr, _) = try? CELParser.parse(source) else {
            wholeParams = true
            return
        }
        visit(expr)
    }

    init(fields: Set<String> = [], wholeParams: Bool = false) {
        self.fields = fields
        self.wholeParams = wholeParams
    }

    // A comprehension variable named `params` reads no field slot; collecting its fields
    // anyway only reads a field too many, and a bare `params` under it binds the map.
    private mutating func visit(_ e: CELExpr) {
        switch e.kind {
        case .literal:
            break
        case .ident(let name):
            if name == "params" { wholeParams = true }
        case .select(let operand, let field, let test):
            if !test, case .ident("params") = operand.kind {
                fields.insert(field)
            } else {
                visit(operand)
            }
        case .call(_, let target, let args):
            if let target { visit(target) }
            args.forEach { visit($0) }
        case .list(let items):
            items.forEach { visit($0) }
        case .map(let entries):
            for entry in entries {
                visit(entry.key)
                visit(entry.value)
            }
        case .comprehension(let c):
            visit(c.range)
            if let filter = c.filter { visit(filter) }
            visit(c.body)
        }
    }
}
