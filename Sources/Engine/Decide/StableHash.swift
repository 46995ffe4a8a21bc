/// A hash that is the same in every process and on every run (Swift's `Hasher` is seeded per
/// process), so a device stays in its rollout bucket and variant across restarts and deploys.
/// FNV-1a over the UTF-8 bytes, then the SplitMix64 finaliser to spread nearby inputs.
public enum StableHash {
    public static func hash(_ parts: String...) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, part) in parts.enumerated() {
            if i > 0 { h = (h ^ 0x1f) &* 0x0000_0100_0000_01b3 }  // a separator no UTF-8 text contains
            for byte in part.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        h = (h ^ (h >> 30)) &* 0xbf58_476d_1ce4_e5b9
        h = (h ^ (h >> 27)) &* 0x94d0_49bb_1331_11eb
        return h ^ (h >> 31)
    }
}
