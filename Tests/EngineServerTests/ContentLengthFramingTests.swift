import EngineProtocol
import FramingNIO
import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import EngineServer

@Suite struct ContentLengthFramingTests {
    @Test func aWholeFrameIsFoundAndAPartialOneWaits() throws {
        let framed = Array(ContentLengthFraming.frame(Data(#"{"a":1}"#.utf8)))
        let whole = try #require(try ContentLengthFraming.parse(framed + Array("Content-Le".utf8)))
        #expect(String(decoding: framed[whole.body], as: UTF8.self) == #"{"a":1}"#)
        #expect(whole.length == framed.count)
        #expect(try ContentLengthFraming.parse(framed.dropLast()) == nil)
        #expect(try ContentLengthFraming.parse(Array("Content-Length: 5\r\n".utf8)) == nil)
    }

    @Test(arguments: [
        ("Content-Length: x\r\n\r\n{}", "is not a byte count"),
        ("Content-Type: json\r\n\r\n{}", "has no Content-Length"),
        ("garbage without a colon\r\n\r\n", "is not 'Name: value'"),
        ("Content-Length: 999999999999\r\n\r\n", "over the"),
        (String(repeating: "x", count: 2000), "longer than"),
    ])
    func malformedHeadersAreErrorsSayingWhy(header: String, says: String) {
        #expect { try ContentLengthFraming.parse(Array(header.utf8)) } throws: { error in
            "\(error)".contains(says)
        }
    }

    /// The server's decoder, driven byte by byte through an EmbeddedChannel.
    @Test func theDecoderDeliversBodiesSplitAcrossReadsAndRejectsGarbage() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(ContentLengthFrameDecoder()))
        let framed = Array(ContentLengthFraming.frame(Data(#"{"jsonrpc":"2.0"}"#.utf8)))
        for byte in framed + framed {
            var buffer = channel.allocator.buffer(capacity: 1)
            buffer.writeInteger(byte)
            try channel.writeInbound(buffer)
        }
        for _ in 0..<2 {
            let body = try #require(try channel.readInbound(as: ByteBuffer.self))
            #expect(String(buffer: body) == #"{"jsonrpc":"2.0"}"#)
        }
        var garbage = channel.allocator.buffer(capacity: 16)
        garbage.writeString("Content-Length: nope\r\n\r\n")
        #expect(throws: ContentLengthFraming.Malformed.self) { try channel.writeInbound(garbage) }
    }
}
