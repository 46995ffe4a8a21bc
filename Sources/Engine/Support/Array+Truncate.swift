extension Array {
    /// Removes the elements from `count` on, keeping the storage. `removeLast(_:)` and
    /// `removeAll(keepingCapacity:)` go through the generic `replaceSubrange` (~85
    /// instructions even for one element); the hot path usually trims one or two.
    @inline(__always)
    mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count, "truncating beyond the array")
        while self.count > count { removeLast() }
    }
}
