import Foundation

/// `Content-Length: N\r\n\r\n` then N bytes of JSON, as LSP frames messages.
public enum ContentLengthFraming {
    /// Larger messages are refused (the connection gets an error and closes).
    public static let maximumMessage = 64 << 20
    static let maximumHeader = 1024

    public static func frame(_ body: Data) -> Data {
        var out = Data("Content-Length: \(body.count)\r\n\r\n".utf8)
        out.append(body)
        return out
    }

    /// Why bytes are not a frame.
    public struct Malformed: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Finds one frame at the start of `buffer`: the body's range and the frame's whole length,
    /// nil when more bytes are needed.
    public static func parse(_ buffer: some Collection<UInt8>) throws(Malformed) -> (body: Range<Int>, length: Int)? {
        let bytes = Array(buffer.prefix(maximumHeader + 4))
        guard let end = headerEnd(bytes) else {
            if bytes.count > maximumHeader { throw Malformed(description: "frame header longer than \(maximumHeader) bytes without a blank line") }
            return nil
        }
        guard let header = String(bytes: bytes[0..<end], encoding: .utf8) else {
            throw Malformed(description: "frame header is not UTF-8")
        }
        var length: Int?
        for line in header.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { throw Malformed(description: "header line '\(line)' is not 'Name: value'") }
            if parts[0].lowercased() == "content-length" {
                guard let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 0 else {
                    throw Malformed(description: "Content-Length '\(parts[1])' is not a byte count")
                }
                length = n
            }
        }
        guard let length else { throw Malformed(description: "frame header has no Content-Length") }
        guard length <= maximumMessage else { throw Malformed(description: "message of \(length) bytes is over the \(maximumMessage)-byte limit") }
        let start = end + 4
        guard buffer.count >= start + length else { return nil }
        return (start..<start + length, start + length)
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}
