/// A binary min-heap of sources by the time of their next event, ties to the source written
/// first: which source the merged stream takes from next. A heap, because a scenario may
/// have many inline sources beside a long recording.
struct NextEventQueue {
    private var heads: [(ts: Int64, source: Int)] = []

    mutating func push(ts: Int64, source: Int) {
        heads.append((ts, source))
        var child = heads.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(heads[child], heads[parent]) else { break }
            heads.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popFirst() -> (ts: Int64, source: Int)? {
        guard let first = heads.first else { return nil }
        let last = heads.removeLast()
        guard !heads.isEmpty else { return first }
        heads[0] = last
        var parent = 0
        while true {
            var smallest = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heads.count && Self.before(heads[child], heads[smallest]) {
                smallest = child
            }
            guard smallest != parent else { return first }
            heads.swapAt(parent, smallest)
            parent = smallest
        }
    }

    private static func before(_ a: (ts: Int64, source: Int), _ b: (ts: Int64, source: Int)) -> Bool {
        (a.ts, a.source) < (b.ts, b.source)
    }
}
