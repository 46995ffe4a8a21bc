import Testing
@testable import Engine

/// `ValueSlotIndex` (the open-addressing table behind value counts) against a `Dictionary`
/// under seeded churn: lookups of present and absent texts, removals that shift runs back,
/// growth, emptying and a rebuild.
@Suite struct ValueSlotIndexTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func agreesWithADictionaryUnderChurn(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        var index = ValueSlotIndex()
        var texts: [String] = []  // slot → text ("" when free)
        var free: [Int32] = []
        var reference: [String: Int32] = [:]
        func lookup(_ text: String) -> Int32? {
            index.find(text, hash: ValueSlotIndex.hash(text), text: { texts[Int($0)] })
        }
        for step in 0..<6_000 {
            // Few texts, so the same ones come back after removal; a third of the steps remove.
            let text = "v\(random.next() % 400)"
            if random.next() % 3 == 0, let slot = reference[text] {
                index.remove(slot)
                reference[text] = nil
                texts[Int(slot)] = ""
                free.append(slot)
            } else if reference[text] == nil {
                let slot: Int32
                if let reused = free.popLast() {
                    slot = reused
                    texts[Int(slot)] = text
                } else {
                    slot = Int32(texts.count)
                    texts.append(text)
                }
                index.insert(slot, hash: ValueSlotIndex.hash(text))
                reference[text] = slot
            }
            if step % 500 == 0 {
                #expect(index.count == reference.count)
                for i in 0..<420 { #expect(lookup("v\(i)") == reference["v\(i)"], "v\(i) at step \(step)") }
            }
        }
        var rebuilt = ValueSlotIndex()
        rebuilt.rebuild(reference.map { ($0.value, ValueSlotIndex.hash($0.key)) })
        for i in 0..<420 {
            let text = "v\(i)"
            #expect(rebuilt.find(text, hash: ValueSlotIndex.hash(text), text: { texts[Int($0)] }) == reference[text])
        }
        index.removeAll()
        #expect(index.count == 0)
        #expect(lookup("v1") == nil)
    }
}
