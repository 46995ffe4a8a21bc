import Testing
@testable import Engine

/// A decoder that predicts each key from the last line's bytes (`KeyPrediction`) must decide
/// exactly as a fresh decoder, which has nothing to predict from: lines that repeat a layout
/// (the predictions hit) mixed with the same lines damaged at random bytes (keys cut, grown,
/// respaced or escaped, colons and quotes lost, values broken), compared event for event and
/// error for error (message, field, line and column).
@Suite struct EventDecoderPredictionTests {
    static let layouts: [@Sendable (Int, inout SeededRandom) -> String] = [
        { i, random in
            #"{"ts": \#(1_732_183_200_000 + i), "type": "click", "page": "home", "params": {"item": "sku\#(random.next() % 2_000)", "price": \#(Double(random.next() % 10_000) / 100)}}"#
        },
        { i, random in
            #"{"ts":\#(i),"type":"view","session":"s\#(i / 7)","app":"shop","scene":null,"params":{"q":"red \"dress\"","n":\#(random.next() % 9),"tags":["a","b"],"ref":{"k":1}}}"#
        },
        { i, random in
            #"  { "type" : "add_to_cart" , "ts" : \#(i) , "params" : { "item" : "x" , "qty" : \#(random.next() % 5) , "qty" : 2 } }  "#
        },
    ]

    static let damagePool = Array(#"" :,{}\sx1.-eu"#.utf8) + [0x09, 0xC3, 0xA9]

    /// `line` with one to three bytes replaced, deleted or inserted, taken from `pool`.
    static func damaged(_ line: [UInt8], _ random: inout SeededRandom, pool: [UInt8] = damagePool) -> [UInt8] {
        var bytes = line
        for _ in 0...(random.next() % 3) where !bytes.isEmpty {
            let at = Int(random.next() % UInt64(bytes.count))
            switch random.next() % 3 {
            case 0: bytes[at] = pool[Int(random.next() % UInt64(pool.count))]
            case 1: bytes.remove(at: at)
            default: bytes.insert(pool[Int(random.next() % UInt64(pool.count))], at: at)
            }
        }
        return bytes
    }

    @Test func aLongLivedDecoderDecidesAsAFreshOneOnRepeatedAndDamagedLayouts() throws {
        var random = SeededRandom(seed: 909)
        var shared = EventDecoder()
        var decodedByShared = 0
        for i in 0..<30_000 {
            let layout = Self.layouts[i % 7 < 5 ? 0 : Int(random.next() % UInt64(Self.layouts.count))]
            var line = Array(layout(i, &random).utf8)
            if random.next() % 3 == 0 { line = Self.damaged(line, &random) }
            var fresh = EventDecoder()
            let expected = EventDecoderDifferentialTests.decode(&fresh, line, lineNumber: i + 1)
            let got = EventDecoderDifferentialTests.decode(&shared, line, lineNumber: i + 1)
            switch (expected, got) {
            case (.success(let a), .success(let b)):
                decodedByShared += 1
                #expect(EventDecoderDifferentialTests.identical(a, b), "line \(i + 1): \(String(decoding: line, as: UTF8.self))")
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "line \(i + 1): \(String(decoding: line, as: UTF8.self))")
            default:
                Issue.record("line \(i + 1): \(expected) vs \(got) for \(String(decoding: line, as: UTF8.self))")
            }
        }
        #expect(decodedByShared > 20_000)
    }

    @Test func aRepeatedLayoutIsPredictedAndStillReadsEachLinesValues() throws {
        var decoder = EventDecoder()
        var random = SeededRandom(seed: 3)
        for i in 0..<3 {
            let line = Array(Self.layouts[0](i, &random).utf8)
            let event = try EventDecoderDifferentialTests.decode(&decoder, line, lineNumber: 1).get()
            #expect(event.ts == 1_732_183_200_000 + Int64(i) && event.type == "click" && event.page == "home")
            #expect(event.params.keys == [.string("item"), .string("price")])
        }
        // The keys of that layout are remembered: the next line like it takes the prediction.
        #expect(decoder.fieldPredictions.prefix(4).map(\.id) == [0, 1, 5, 6])
        #expect(decoder.paramKeyPredictions.prefix(2).allSatisfy { $0.length > 0 })
        // A key one byte longer, at the same place, is not mistaken for the remembered one.
        let near = Array(#"{"ts": 1, "type": "click", "page": "home", "params": {"items": "a", "price": 1}}"#.utf8)
        let event = try EventDecoderDifferentialTests.decode(&decoder, near, lineNumber: 1).get()
        #expect(event.params.keys == [.string("items"), .string("price")])
        // So are values: the type and page the last lines had, then one byte longer or escaped.
        let nearValues = Array(#"{"ts": 1, "type": "clicks", "page": "hom\u0065", "params": {"item": "a", "price": 1}}"#.utf8)
        let other = try EventDecoderDifferentialTests.decode(&decoder, nearValues, lineNumber: 1).get()
        #expect(other.type == "clicks" && other.page == "home")
        let unknown = Array(#"{"ts": 1, "type": "click", "pages": "home"}"#.utf8)
        guard case .failure(let error) = EventDecoderDifferentialTests.decode(&decoder, unknown, lineNumber: 4) else {
            Issue.record("an unknown field was accepted")
            return
        }
        #expect(error.field == "pages" && error.column == unknown.count - 6 && error.line == 4)  // at "home"
    }
}
