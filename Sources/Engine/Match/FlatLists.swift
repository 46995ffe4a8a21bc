/// Lists of lists stored in one array, so reading list `i` on the hot path touches one
/// buffer and retains nothing.
struct FlatLists<Element: Sendable>: Sendable {
    private(set) var values: [Element] = []
    /// `bounds[i]..<bounds[i + 1]` are list `i`'s positions in `values`.
    private var bounds: [Int] = [0]

    init(_ lists: [[Element]]) {
        for list in lists {
            values += list
            bounds.append(values.count)
        }
    }

    var count: Int { bounds.count - 1 }

    @inline(__always)
    func range(_ i: Int) -> Range<Int> { bounds[i]..<bounds[i + 1] }

    func list(_ i: Int) -> ArraySlice<Element> { values[range(i)] }
}
