extension Array {
    /// Moves the element at `from` to index `to`, the elements between shifting by one: the
    /// result of `insert(remove(at: from), at: to)`, but only the elements between move, not
    /// every one after either index (a ranking of thousands of values moved them all twice).
    mutating func moveElement(from: Int, to: Int) {
        precondition(indices.contains(from) && indices.contains(to), "moveElement outside the array")
        guard from != to else { return }
        withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let moving = (base + from).move()
            if to < from {
                (base + to + 1).moveInitialize(from: base + to, count: from - to)
            } else {
                (base + from).moveInitialize(from: base + from + 1, count: to - from)
            }
            (base + to).initialize(to: moving)
        }
    }
}
