/// Which devices a decision runs on (`rollout.percent`) and which variant each gets, both fixed
/// per device id and decision name (SPEC §7). The two use different salts, so being in the
/// rollout says nothing about the variant.
public enum DecisionAssignment {
    /// Percent is honoured to 0.01 %.
    public static func inRollout(deviceID: String, decision: String, percent: Double) -> Bool {
        if percent >= 100 { return true }
        let bucket = StableHash.hash(deviceID, decision, "rollout") % 10_000
        return Double(bucket) < percent * 100
    }

    /// The variant for this device, by weight, in the order written; nil without variants.
    public static func variant(deviceID: String, decision: String, variants: [(name: String, weight: Int)]) -> String? {
        let total = variants.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        var point = Int(StableHash.hash(deviceID, decision, "variant") % UInt64(total))
        for variant in variants {
            if point < variant.weight { return variant.name }
            point -= variant.weight
        }
        return variants.last?.name
    }
}
