/// The key lists of recent `params` objects, by the interned ids of their keys: events of a
/// kind carry the same keys in the same order, so their maps can share one keys array
/// instead of each allocating its own. Direct-mapped and bounded: a new shape replaces
/// whichever one had its slot.
struct ParamKeyShapes: Sendable {
    private var ids: [[Int32]]
    private var keys: [[CELMapKey]]
    static let slotCount = 64
    /// Longer key lists are built afresh: they are rare and comparing them costs more.
    static let maxKeys = 16

    init() {
        ids = [[Int32]](repeating: [], count: Self.slotCount)
        keys = [[CELMapKey]](repeating: [], count: Self.slotCount)
    }

    /// The keys array for `shape` (interned ids, one per key, in order), made from `strings`
    /// (the interner's, indexed by id) when not cached.
    @inline(__always)
    mutating func keys(for shape: UnsafeBufferPointer<Int32>, strings: [String]) -> [CELMapKey] {
        var hash: UInt32 = 2_166_136_261
        for id in shape { hash = (hash ^ UInt32(bitPattern: id)) &* 16_777_619 }
        let slot = Int(hash >> 7) & (Self.slotCount - 1)
        if Self.same(ids[slot], shape) { return keys[slot] }
        let made = shape.map { CELMapKey.string(strings[Int($0)]) }
        ids[slot] = Array(shape)
        keys[slot] = made
        return made
    }

    @inline(__always)
    private static func same(_ cached: [Int32], _ shape: UnsafeBufferPointer<Int32>) -> Bool {
        guard cached.count == shape.count else { return false }
        return cached.withUnsafeBufferPointer { cached in
            for i in 0..<shape.count where cached[i] != shape[i] { return false }
            return true
        }
    }
}
