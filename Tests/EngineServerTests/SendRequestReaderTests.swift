import Engine
import EngineProtocol
import Foundation
import Testing
@testable import EngineServer

/// The short way of reading a `send` against Foundation's JSONDecoder: what it reads, it
/// reads exactly as the decoder does; what it leaves, the decoder gets.
@Suite struct SendRequestReaderTests {
    /// The body a client sends (`RPCEnvelope.request`, unframed).
    static func body(id: RPCID, lines: String) throws -> Data {
        let framed = try RPCEnvelope.request(id: id, method: "send", params: SendParams(lines: lines))
        let body = try #require(try ContentLengthFraming.parse(Array(framed))).body
        return framed.subdata(in: body)
    }

    static func decoded(_ body: Data) throws -> (id: RPCID?, lines: String?) {
        let request = try JSONDecoder().decode(RPCIncoming.self, from: body)
        guard case .send(let params) = request.params else { return (request.id, nil) }
        return (request.id, params.lines)
    }

    static let pieces = [
        #"{"ts":1700000000000,"type":"click","params":{"price":5}}"#, "\n", "\"", "\\", "/", "\t", "\r\n",
        "\u{1}", "\u{1F}", "é", "中文", "😀", "\u{2028}", " ", "abc", "\\u0041",
    ]

    @Test func whatClientsSendReadsAsTheDecoderReadsIt() throws {
        var random = SeededRandom(seed: 3)
        for round in 0..<500 {
            let lines = (0..<Int(random.next() % 40)).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
            let id: RPCID = round % 3 == 0 ? .string("req-\(round)\"\\") : .number(Int64(bitPattern: random.next()) >> Int64(random.next() % 64))
            let body = try Self.body(id: id, lines: lines)
            let read = try #require(SendRequestReader.read(body), "\(String(decoding: body, as: UTF8.self))")
            let expected = try Self.decoded(body)
            #expect(read.id == expected.id)
            #expect(read.params.lines == expected.lines)
            #expect(read.params.lines == lines)
        }
    }

    /// Bodies with bytes changed, cut or added: whatever the short way still reads, the
    /// decoder reads the same (and the short way never crashes).
    @Test func mutatedBodiesAreReadAsTheDecoderReadsThemOrLeftToIt() throws {
        var random = SeededRandom(seed: 11)
        let seed = Array(try Self.body(id: .number(7), lines: #"{"ts":1,"type":"a\"b"}"# + "\n\u{1}é/x"))
        let alphabet = Array(#"{}[]:,"\/ntu0123456789aesdx-."#.utf8) + [0x00, 0x0A, 0x1F, 0x80, 0xC3, 0xFF]
        var read = 0
        for _ in 0..<3_000 {
            var bytes = seed
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let at = Int(random.next() % UInt64(bytes.count))
                let byte = alphabet[Int(random.next() % UInt64(alphabet.count))]
                switch random.next() % 3 {
                case 0: bytes[at] = byte
                case 1: bytes.remove(at: at)
                default: bytes.insert(byte, at: at)
                }
            }
            guard let fast = SendRequestReader.read(Data(bytes)) else { continue }
            read += 1
            let expected = try Self.decoded(Data(bytes))
            #expect(fast.id == expected.id && fast.params.lines == expected.lines, "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(read > 100, "some mutations keep a readable send (in the lines, say)")
    }

    /// What `featide send` writes line by line (`SendLinesWriter`): the decoder reads the
    /// lines joined by newlines, and the short way reads the same.
    @Test func writtenBatchesReadAsTheirLines() throws {
        var random = SeededRandom(seed: 5)
        for round in 0..<300 {
            var writer = SendLinesWriter()
            var lines: [String] = []
            for _ in 0..<(1 + Int(random.next() % 6)) {
                var line = (0..<Int(random.next() % 8)).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined()
                line.removeAll { $0 == "\n" }  // a line has no newline
                lines.append(line)
                var bytes = Array(line.utf8)
                bytes.withUnsafeMutableBufferPointer { writer.append(UnsafeBufferPointer($0)) }
            }
            #expect(writer.lines == lines.count)
            #expect(writer.events == lines.filter { $0.contains { $0 != " " && $0 != "\t" && $0 != "\r" } }.count)
            let framed = writer.request(id: Int64(round))
            let body = framed.subdata(in: try #require(try ContentLengthFraming.parse(Array(framed))).body)
            let expected = try Self.decoded(body)
            #expect(expected.id == .number(Int64(round)))
            #expect(expected.lines == lines.joined(separator: "\n"))
            let fast = try #require(SendRequestReader.read(body), "the engine reads it by the short way")
            #expect(fast.params.lines == expected.lines)
        }
    }

    @Test func keysInAnyOrderAndWhitespaceReadTheSame() throws {
        let bodies = [
            #"{"params":{"lines":"a\nb"},"method":"send","id":"x","jsonrpc":"2.0"}"#,
            "{ \"jsonrpc\" : \"2.0\" ,\n\t\"id\" : -12 , \"method\":\"send\", \"params\" : { \"lines\" : \"\\u000a\\/\" } }\r\n",
            #"{"jsonrpc":"2.0","id":0,"method":"send","params":{"lines":""}}"#,
        ]
        for text in bodies {
            let body = Data(text.utf8)
            let read = try #require(SendRequestReader.read(body), "\(text)")
            let expected = try Self.decoded(body)
            #expect(read.id == expected.id && read.params.lines == expected.lines, "\(text)")
        }
    }

    /// Each of these is left to the decoder (which answers or rejects it as before).
    @Test func anythingUnusualIsLeftToTheDecoder() {
        let bodies = [
            #"{"jsonrpc":"2.0","id":1,"method":"query","params":{"name":"x"}}"#,  // another method
            #"{"jsonrpc":"2.0","method":"send","params":{"lines":"a"}}"#,  // a notification
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"events":["{}"]}}"#,  // events
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"a","extra":1}}"#,
            #"{"jsonrpc":"2.0","id":1,"id":2,"method":"send","params":{"lines":"a"}}"#,  // a key twice
            #"{"jsonrpc":"2.0","id":1.5,"method":"send","params":{"lines":"a"}}"#,
            #"{"jsonrpc":"2.0","id":99999999999999999999,"method":"send","params":{"lines":"a"}}"#,
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"\ud83d\ude00"}}"#,  // a surrogate pair
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"a\x"}}"#,  // a bad escape
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"a"}} x"#,  // more after it
            #"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"a"}"#,  // cut short
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"send\",\"params\":{\"lines\":\"a\u{1}\"}}",  // a raw control character
        ]
        for text in bodies { #expect(SendRequestReader.read(Data(text.utf8)) == nil, "\(text)") }
        var invalidUTF8 = Array(#"{"jsonrpc":"2.0","id":1,"method":"send","params":{"lines":"a"#.utf8)
        invalidUTF8 += [0xC3, 0x28] + Array(#""}}"#.utf8)
        #expect(SendRequestReader.read(Data(invalidUTF8)) == nil)
    }
}
