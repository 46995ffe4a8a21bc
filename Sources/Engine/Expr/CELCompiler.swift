/// A compiled node plus what the parent may exploit: a known constant value, or a plain
/// variable read (so the parent reads the slot itself instead of calling a closure).
struct CELCompiled {
    let eval: CELEval
    var constant: CELValue? = nil
    var slot: Int? = nil
    /// A field of a record variable (`a.params`), so a select on it reads both in one closure.
    var recordField: CELRecordField? = nil
    /// Every input is constant, so the node can be evaluated once at compile time.
    var foldable = false

    init(eval: @escaping CELEval, constant: CELValue? = nil, slot: Int? = nil) {
        self.eval = eval
        self.constant = constant
        self.slot = slot
    }

    init(foldable: Bool, _ eval: @escaping CELEval) {
        self.eval = eval
        self.foldable = foldable
    }

    static func constant(_ v: CELValue) -> CELCompiled { CELCompiled(eval: { _ in v }, constant: v) }
}

/// Turns a checked expression into closures. Names are already slots or local indices;
/// record fields are indices; subtrees without variables are folded to constants.
struct CELCompiler {
    let checked: CELCheckedExpr

    init(checked: CELCheckedExpr) { self.checked = checked }

    func compile(_ e: CELExpr) throws(CELCompileError) -> CELEval { try node(e).eval }

    func node(_ e: CELExpr) throws(CELCompileError) -> CELCompiled {
        let c = try build(e)
        if c.foldable && c.constant == nil {
            return .constant(CELFrame.with(slots: [], localCount: checked.localCount, c.eval))
        }
        return c
    }

    private func build(_ e: CELExpr) throws(CELCompileError) -> CELCompiled {
        switch e.kind {
        case .literal(let v):
            return .constant(v)
        case .ident:
            return reference(e)
        case .select(let operand, let field, let test):
            if !test, checked.references[e.id] != nil { return reference(e) }
            return try select(e, operand, field, test)
        case .call(let fn, let target, let args):
            return try call(e, fn, target, args)
        case .list(let items):
            let compiled = try items.map { (i) throws(CELCompileError) in try node(i) }
            let evals = compiled.map { CELTerm(eval: $0.eval) }
            return CELCompiled(foldable: compiled.allSatisfy { $0.constant != nil }) { ctx in
                var out: [CELValue] = []
                out.reserveCapacity(evals.count)
                for item in evals {
                    let v = item.eval(ctx)
                    if case .error = v { return v }
                    out.append(v)
                }
                return .list(out)
            }
        case .map(let entries):
            let compiled = try entries.map { (entry) throws(CELCompileError) in (try node(entry.key), try node(entry.value)) }
            let pairs = compiled.map { (CELTerm(eval: $0.0.eval), CELTerm(eval: $0.1.eval)) }
            let foldable = compiled.allSatisfy { $0.0.constant != nil && $0.1.constant != nil }
            return CELCompiled(foldable: foldable) { ctx in Self.buildMap(pairs, ctx) }
        case .comprehension(let c):
            return try comprehension(e, c)
        }
    }

    private static func buildMap(_ pairs: [(CELTerm, CELTerm)], _ ctx: CELFrame) -> CELValue {
        var map = CELMap()
        for (k, v) in pairs {
            let key = k.eval(ctx)
            if case .error = key { return key }
            guard let mapKey = key.mapKey else { return .fail("unsupported key type: \(key.runtimeType)") }
            let value = v.eval(ctx)
            if case .error = value { return value }
            // Keys equal across numeric kinds (0 and 0u) are repeats too.
            guard CELEquality.lookup(map, key) == nil else { return .fail("Failed with repeated key: \(CELTypedJSON.text(key))") }
            map[mapKey] = value
        }
        return .map(map)
    }

    private func reference(_ e: CELExpr) -> CELCompiled {
        switch checked.references[e.id] {
        case .slot(let i):
            return CELCompiled(eval: { ctx in ctx.slots[i] }, slot: i)
        case .local(let i):
            return CELCompiled(eval: { ctx in ctx.locals[i] })
        case .typeValue(let t):
            return .constant(.type(t))
        case .unresolved(let name):
            let err = CELValue.fail("undeclared reference to '\(name)'")
            return CELCompiled(eval: { _ in err })
        case nil:
            return CELCompiled(eval: { _ in .fail("internal error: unresolved name") })
        }
    }

    private func select(_ e: CELExpr, _ operand: CELExpr, _ field: String, _ test: Bool)
        throws(CELCompileError) -> CELCompiled
    {
        let op = try node(operand)
        let f = op.eval
        if test { return CELCompiled(foldable: op.constant != nil) { ctx in CELAccess.has(f(ctx), field) } }
        if case .record(let r) = checked.types[operand.id], let index = r.fieldIndex(field) {
            if let slot = op.slot {
                // A step's event such as `a.ts`: read the variable's slot, no closure call.
                var node = CELCompiled(eval: { ctx in
                    if case .record(let rec) = ctx.slots[slot], rec.type === r { return rec.fields[index] }
                    return CELAccess.select(ctx.slots[slot], field)
                })
                node.recordField = CELRecordField(slot: slot, type: r, index: index)
                return node
            }
            return CELCompiled(eval: { ctx in
                let v = f(ctx)
                if case .record(let rec) = v, rec.type === r { return rec.fields[index] }
                return CELAccess.select(v, field)
            })
        }
        let missing = CELAccess.noSuchKey(field)
        if let slot = op.slot {
            // Reading a declared map such as `params.price`: no closure call for the operand.
            return CELCompiled(eval: { ctx in
                if case .map(let m) = ctx.slots[slot] { return m[string: field] ?? missing }
                return CELAccess.select(ctx.slots[slot], field)
            })
        }
        if let inner = op.recordField {
            // A map inside a record variable such as `a.params.price`: one closure, no
            // intermediate values handed between closures.
            return CELCompiled(eval: { ctx in
                if case .record(let rec) = ctx.slots[inner.slot], rec.type === inner.type,
                   case .map(let m) = rec.fields[inner.index] {
                    return m[string: field] ?? missing
                }
                return CELAccess.select(f(ctx), field)
            })
        }
        return CELCompiled(foldable: op.constant != nil) { ctx in
            let v = f(ctx)
            if case .map(let m) = v { return m[string: field] ?? missing }
            return CELAccess.select(v, field)
        }
    }
}

/// Where a record variable's field is: its slot, the record type and the field's index.
struct CELRecordField {
    let slot: Int
    let type: CELRecordType
    let index: Int
}
