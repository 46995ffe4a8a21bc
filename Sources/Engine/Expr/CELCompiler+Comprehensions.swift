/// The macros `all exists exists_one map filter`: one loop per evaluation writing each
/// element into the comprehension's local (stack) slot; no allocation beyond results.
extension CELCompiler {
    func comprehension(_ e: CELExpr, _ c: CELComprehension) throws(CELCompileError) -> CELCompiled {
        let range = try node(c.range).eval
        let body = try node(c.body).eval
        let filter = try c.filter.map { (f) throws(CELCompileError) in try node(f).eval }
        let local = checked.comprehensionLocals[e.id]!
        let name = c.kind.rawValue
        let loop: @Sendable ([CELValue], CELFrame) -> CELValue
        switch c.kind {
        case .all, .exists:
            // all: false decides, errors only if nothing decides; exists: the same with true.
            let decisive = c.kind == .exists
            loop = { items, ctx in
                var pending: CELValue?
                for item in items {
                    ctx.locals[local] = item
                    let v = body(ctx)
                    if case .bool(let b) = v {
                        if b == decisive { return v }
                    } else if pending == nil {
                        pending = v.isError ? v : .noOverload(name, v)
                    }
                }
                return pending ?? .bool(!decisive)
            }
        case .existsOne:
            loop = { items, ctx in
                var count = 0
                for item in items {
                    ctx.locals[local] = item
                    let v = body(ctx)
                    guard case .bool(let b) = v else { return v.isError ? v : .noOverload(name, v) }
                    if b { count += 1 }
                }
                return .bool(count == 1)
            }
        case .filter:
            loop = { items, ctx in
                var out: [CELValue] = []
                for item in items {
                    ctx.locals[local] = item
                    let v = body(ctx)
                    guard case .bool(let keep) = v else { return v.isError ? v : .noOverload(name, v) }
                    if keep { out.append(item) }
                }
                return .list(out)
            }
        case .map:
            loop = { items, ctx in
                var out: [CELValue] = []
                out.reserveCapacity(items.count)
                for item in items {
                    ctx.locals[local] = item
                    if let filter {
                        let p = filter(ctx)
                        guard case .bool(let keep) = p else { return p.isError ? p : .noOverload(name, p) }
                        if !keep { continue }
                    }
                    let v = body(ctx)
                    if case .error = v { return v }
                    out.append(v)
                }
                return .list(out)
            }
        }
        return CELCompiled(eval: { ctx in
            let r = range(ctx)
            let items: [CELValue]
            switch r {
            case .list(let l): items = l
            case .map(let m): items = m.keys.map(\.value)
            case .error: return r
            default: return .noOverload(name, r)
            }
            return loop(items, ctx)
        })
    }
}
