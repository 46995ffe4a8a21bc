import Foundation

/// A `send` request of JSON Lines, written as bytes while the lines are read: each line is
/// escaped into the request's `lines` string once. `featide send` used to build a String line
/// by line, then have JSONEncoder escape it again; that was four of the five µs it spent per
/// event. The engine reads what this writes by its short way (`SendRequestReader`).
public struct SendLinesWriter {
    /// Lines with something besides blanks (the engine skips blank ones).
    public private(set) var events = 0
    /// Lines taken, blank ones too (the engine numbers its rejections by them).
    public private(set) var lines = 0
    private var escaped: [UInt8] = []

    public init() {}

    /// Adds one line, without its newline. It must be UTF-8 (the request is JSON).
    public mutating func append(_ line: UnsafeBufferPointer<UInt8>) {
        if lines > 0 { escaped.append(contentsOf: [Self.backslash, UInt8(ascii: "n")]) }
        lines += 1
        if line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { events += 1 }
        var run = 0
        for i in line.indices {
            let byte = line[i]
            guard byte == Self.quote || byte == Self.backslash || byte < 0x20 else { continue }
            escaped.append(contentsOf: UnsafeBufferPointer(rebasing: line[run..<i]))
            Self.escape(byte, into: &escaped)
            run = i + 1
        }
        escaped.append(contentsOf: UnsafeBufferPointer(rebasing: line[run...]))
    }

    /// The framed request, numbered `id`.
    public func request(id: Int64) -> Data {
        var body = Data(#"{"jsonrpc":"2.0","id":\#(id),"method":"send","params":{"lines":""#.utf8)
        body.append(contentsOf: escaped)
        body.append(contentsOf: #""}}"#.utf8)
        return ContentLengthFraming.frame(body)
    }

    public mutating func removeAll() {
        escaped.removeAll(keepingCapacity: true)
        events = 0
        lines = 0
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    private static func escape(_ byte: UInt8, into out: inout [UInt8]) {
        out.append(backslash)
        switch byte {
        case quote, backslash: out.append(byte)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}

extension EngineClient {
    /// Posts a batch of lines as `send` (answered by `receive(_:of: .send, as: SendResult.self)`).
    public func post(_ batch: SendLinesWriter) throws(EngineClientError) -> RPCID {
        let id = takeID()
        try write(batch.request(id: id))
        return .number(id)
    }
}
