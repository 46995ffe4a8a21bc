/// The behaviour tree as the engine prints it (two spaces of indent a level), shown with
/// nodes folded away. A node is known by its path of labels without their times, so a fold
/// stays where it was when the engine's next tree arrives with times moved on.
struct CollapsibleTree {
    struct Row: Equatable {
        var text: String
        var depth: Int
        var path: String
        var hasChildren: Bool
        var folded: Bool
        /// Lines under a folded node.
        var hidden: Int
    }

    /// Paths of folded nodes.
    var folded: Set<String> = []

    /// The lines still to be shown once folded nodes hide what is under them.
    func rows(of lines: [String]) -> [Row] {
        let depths = lines.map { ($0.prefix { $0 == " " }.count) / 2 }
        var rows: [Row] = []
        var ancestors: [String] = []
        var hiddenBelow: Int?  // the depth of the folded node being skipped under
        for (index, line) in lines.enumerated() {
            let depth = depths[index]
            ancestors = Array(ancestors.prefix(depth))
            let label = Self.label(line)
            let path = (ancestors + [label]).joined(separator: "/")
            ancestors.append(label)
            if let folding = hiddenBelow {
                if depth > folding { rows[rows.count - 1].hidden += 1; continue }
                hiddenBelow = nil
            }
            let hasChildren = index + 1 < lines.count && depths[index + 1] > depth
            let isFolded = hasChildren && folded.contains(path)
            rows.append(Row(text: String(line.drop { $0 == " " }), depth: depth, path: path, hasChildren: hasChildren,
                            folded: isFolded, hidden: 0))
            if isFolded { hiddenBelow = depth }
        }
        return rows
    }

    mutating func toggle(_ row: Row) {
        guard row.hasChildren else { return }
        if folded.remove(row.path) == nil { folded.insert(row.path) }
    }

    /// `session s1 (10:02:00.000 →)` → `session s1`.
    static func label(_ line: String) -> String {
        let text = line.drop { $0 == " " }
        return String(text.range(of: " (").map { text[..<$0.lowerBound] } ?? text)
    }
}
