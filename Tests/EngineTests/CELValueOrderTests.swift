import Testing
@testable import Engine

@Suite struct CELValueOrderTests {
    @Test func numbersCompareExactlyAcrossIntUintAndDouble() {
        #expect(CELValueOrder.compare(.int(1), .double(1.0)) == 0)
        #expect(CELValueOrder.compare(.uint(1), .int(1)) == 0)
        #expect(CELValueOrder.compare(.int(-1), .uint(0)) == -1)
        // 2^53 + 1 is not representable as a double: no rounding of the integer.
        #expect(CELValueOrder.compare(.int(9_007_199_254_740_993), .double(9_007_199_254_740_992)) == 1)
        #expect(CELValueOrder.compare(.int(Int64.max), .double(0x1p63)) == -1)
        #expect(CELValueOrder.compare(.uint(UInt64.max), .double(0x1p64)) == -1)
        #expect(CELValueOrder.compare(.int(2), .double(2.5)) == -1)
        #expect(CELValueOrder.compare(.double(.nan), .double(.infinity)) == 1)
        #expect(CELValueOrder.compare(.double(.nan), .double(.nan)) == 0)
    }

    @Test func typesRankInTheDocumentedOrder() {
        let ascending: [CELValue] = [.null, .bool(false), .bool(true), .int(-5), .double(0.5), .string("a"), .string("b"), .bytes([1]), .list([.int(1)]), .list([.int(1), .int(0)]), .map(CELMap())]
        for (i, a) in ascending.enumerated() {
            for (j, b) in ascending.enumerated() {
                #expect(CELValueOrder.compare(a, b) == (i < j ? -1 : (i == j ? 0 : 1)), "\(a) vs \(b)")
            }
        }
    }

    /// Counted values are keyed by their key text (SPEC §4): equal texts are one value.
    @Test func valuesWithOneKeyTextHashEqually() {
        let groups: [[CELValue]] = [
            [.int(1), .uint(1), .string("1")],
            [.double(1.5), .string("1.5")],
            [.map(CELMap([(.string("a"), .int(1)), (.string("b"), .int(2))])),
             .map(CELMap([(.string("b"), .int(2)), (.string("a"), .int(1))]))],
        ]
        for group in groups {
            let keys = Set(group.map(ValueKey.init))
            #expect(keys.count == 1, "\(group)")
        }
        #expect(Set([CELValue.int(1), .double(1.0), .double(1.5), .string("a")].map(ValueKey.init)).count == 4)
    }
}
