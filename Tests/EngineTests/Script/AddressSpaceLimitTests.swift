import Testing
@testable import Engine

@Suite struct AddressSpaceLimitTests {
    /// Sets a generous limit in this process, checks it took, and lifts it again.
    @Test func theLimitIsSetAboveWhatIsMappedNow() throws {
        let before = AddressSpaceLimit.current
        defer { AddressSpaceLimit.restore(before) }
        let headroom = 64 << 30
        let limit = try #require(AddressSpaceLimit.apply(headroom: headroom))
        #expect(AddressSpaceLimit.current == limit)
        #expect(limit > headroom)
    }
}
