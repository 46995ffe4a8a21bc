import Testing
@testable import Engine

/// `moveElement(from:to:)` must leave exactly what removing the element and inserting it at
/// the new index leaves, for reference-counted elements too (each string still alive once).
@Suite struct ArrayMoveElementTests {
    @Test func movingAnElementIsRemovingAndInsertingIt() {
        var random = SeededRandom(seed: 515)
        var moved = (0..<40).map { "value \($0)" }
        var reference = moved
        for _ in 0..<5_000 {
            let from = Int(random.next() % UInt64(moved.count))
            let to = Int(random.next() % UInt64(moved.count))
            moved.moveElement(from: from, to: to)
            reference.insert(reference.remove(at: from), at: to)
            #expect(moved == reference)
        }
        #expect(Set(moved).count == 40)
    }
}
