import Testing
@testable import Engine

/// `PlainJSON.sameText` answers what comparing the written JSON would, without writing it:
/// checked against `text(a) == text(b)` over every pair of a pool of values that write alike
/// or nearly alike.
@Suite struct PlainJSONSameTextTests {
    static let scalars: [CELValue] = [
        .null, .bool(true), .bool(false), .int(1), .int(-1), .uint(1), .double(1), .double(0), .double(-0.0),
        .double(.nan), .double(.infinity), .double(0.1), .double(1e15), .string("1"), .string("NaN"),
        .string("Infinity"), .string(""), .bytes([0x01]), .string("01"),
    ]

    static var pool: [CELValue] {
        let maps: [CELValue] = [
            .map(CELMap([(.int(1), .double(2))])), .map(CELMap([(.string("1"), .double(2))])),
            .map(CELMap([(.uint(1), .double(2))])), .map(CELMap([(.string("1"), .double(-0.0))])),
            .map(CELMap([(.string("a"), .int(1)), (.string("b"), .int(2))])),
            .map(CELMap([(.string("b"), .int(2)), (.string("a"), .int(1))])),
            .map(CELMap([(.bool(true), .null)])), .map(CELMap([(.string("true"), .null)])), .map(CELMap()),
        ]
        let lists: [CELValue] = [.list([]), .list([.int(1)]), .list([.uint(1)]), .list([.double(0)]), .list([.double(-0.0)])]
        return scalars + maps + lists
    }

    @Test func sameTextIsTextEquality() {
        let values = Self.pool
        for a in values {
            for b in values {
                #expect(PlainJSON.sameText(a, b) == (PlainJSON.text(a) == PlainJSON.text(b)),
                        "\(PlainJSON.text(a)) vs \(PlainJSON.text(b))")
            }
        }
    }
}
