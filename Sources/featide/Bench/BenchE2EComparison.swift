import Engine
import Foundation

/// Compares featide's final `features` record with the Python reference's values: integers,
/// strings, bools and nulls exactly, doubles within `tolerance` relative (sums and moments are
/// added up in different orders), lists element by element, maps by their key sets. An int on
/// one side and a double on the other is a disagreement: SPEC §4 fixes the kinds.
enum BenchE2EComparison {
    static let tolerance = 1e-9

    struct Disagreement {
        var feature: String
        var featide: String
        var reference: String
    }

    /// Every named feature whose values differ (a feature missing on one side differs).
    static func disagreements(names: [String], featide: CELMap, reference: CELMap) -> [Disagreement] {
        names.compactMap { name in
            let mine = featide[string: name], theirs = reference[string: name]
            if let mine, let theirs, agree(mine, theirs) { return nil }
            return Disagreement(feature: name, featide: mine.map(PlainJSON.text) ?? "missing",
                                reference: theirs.map(PlainJSON.text) ?? "missing")
        }
    }

    static func agree(_ a: CELValue, _ b: CELValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y || abs(x - y) <= tolerance * max(abs(x), abs(y))
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy(agree)
        case (.map(let x), .map(let y)):
            return x.count == y.count && zip(x.keys, x.values).allSatisfy { key, value in
                y[key].map { agree(value, $0) } ?? false
            }
        default: return false
        }
    }
}
