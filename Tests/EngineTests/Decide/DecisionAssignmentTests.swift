import Testing
@testable import Engine

@Suite struct DecisionAssignmentTests {
    /// Pinned values: a change here would move devices between buckets on upgrade.
    @Test func theHashIsStableAcrossProcessesAndReleases() {
        // Worked out independently (FNV-1a 64 + SplitMix64 finaliser, in Python).
        #expect(StableHash.hash("") == 0xf52a_15e9_a9b5_e89b)
        #expect(StableHash.hash("d1", "coupon_popup", "rollout") == 0xddfb_2c8e_2fc8_12eb)
        #expect(StableHash.hash("d1", "coupon_popup") != StableHash.hash("d1c", "oupon_popup"))
    }

    @Test func rolloutPercentSplitsDevicesNearTheRequestedShare() {
        let devices = (0..<4000).map { "device-\($0)" }
        let inside = devices.filter { DecisionAssignment.inRollout(deviceID: $0, decision: "offer", percent: 25) }.count
        #expect((900...1100).contains(inside), "\(inside) of 4000")
        #expect(devices.allSatisfy { DecisionAssignment.inRollout(deviceID: $0, decision: "offer", percent: 100) })
        #expect(!devices.contains { DecisionAssignment.inRollout(deviceID: $0, decision: "offer", percent: 0) })
    }

    @Test func variantsFollowTheirWeightsAndStayPutPerDevice() {
        let variants = [("control", 20), ("treat", 80)].map { (name: $0.0, weight: $0.1) }
        let devices = (0..<4000).map { "device-\($0)" }
        let assigned = devices.map { DecisionAssignment.variant(deviceID: $0, decision: "offer", variants: variants)! }
        let control = assigned.filter { $0 == "control" }.count
        #expect((700...900).contains(control), "\(control) of 4000")
        #expect(devices.map { DecisionAssignment.variant(deviceID: $0, decision: "offer", variants: variants)! } == assigned)
        // Another decision splits the same devices independently.
        let other = devices.map { DecisionAssignment.variant(deviceID: $0, decision: "rerank", variants: variants)! }
        #expect(other != assigned)
    }
}
