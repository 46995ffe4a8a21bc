extension BehaviorTree {
    /// The tree as indented text, ended sessions first, for `featide tree`:
    ///
    ///     session s1 [+0ms..+9000ms]
    ///       app shop
    ///         scene browse
    ///           page home -> cart via click @+4000ms
    ///             click @+4000ms
    ///
    /// Times are offsets from the session start; `(implicit)` marks nodes created without
    /// their enter event, `(open)` nodes not yet ended.
    public func render(includeHistory: Bool = true) -> String {
        var out = ""
        var sessions = includeHistory ? Array(history) : []
        if let currentSession { sessions.append(currentSession) }
        for session in sessions { Self.render(session, depth: 0, origin: session.startTs, into: &out) }
        return out
    }

    private static func render(_ node: BehaviorTreeNode, depth: Int, origin: Int64, into out: inout String) {
        let indent = String(repeating: "  ", count: depth)
        var line = indent
        switch node.kind {
        case .behavior:
            line += "\(node.name) @+\(node.startTs - origin)ms"
        case .session:
            line += "session \(node.name) [+0ms..\(node.endTs.map { "+\($0 - origin)ms" } ?? "open")]"
        default:
            line += "\(node.kind.rawValue) \(node.name)"
            if node.isImplicit { line += " (implicit)" }
            if node.isOpen { line += " (open)" }
            if let link = node.exitLink {
                line += " -> \(link.destinationName)"
                if let cause = link.cause { line += " via \(cause.name) @+\(cause.startTs - origin)ms" }
            }
        }
        out += line + "\n"
        if node.droppedChildren > 0 {
            out += indent + "  ... \(node.droppedChildren) earlier dropped\n"
        }
        for child in node.children { render(child, depth: depth + 1, origin: origin, into: &out) }
    }
}
