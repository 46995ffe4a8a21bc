/// Reads what `WireWriter` wrote; every read is bounds-checked, so a short or corrupt frame
/// is an error, never a crash.
public struct WireReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { offset >= bytes.count }

    @inline(__always) private mutating func take(_ n: Int) throws(WireError) -> Int {
        guard n >= 0, bytes.count - offset >= n else { throw WireError("frame ends early (wanted \(n) bytes at \(offset))") }
        defer { offset += n }
        return offset
    }

    @inline(__always) public mutating func u8() throws(WireError) -> UInt8 { bytes[try take(1)] }
    public mutating func bool() throws(WireError) -> Bool { try u8() != 0 }

    public mutating func tag() throws(WireError) -> WireTag {
        let raw = try u8()
        guard let tag = WireTag(rawValue: raw) else { throw WireError("unknown value tag \(raw)") }
        return tag
    }

    @inline(__always) public mutating func u32() throws(WireError) -> UInt32 {
        let at = try take(4)
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    @inline(__always) public mutating func u64() throws(WireError) -> UInt64 {
        let at = try take(8)
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    public mutating func i64() throws(WireError) -> Int64 { Int64(bitPattern: try u64()) }
    public mutating func f64() throws(WireError) -> Double { Double(bitPattern: try u64()) }

    /// The bytes of a length-prefixed field, borrowed from the frame.
    public mutating func rawField() throws(WireError) -> UnsafeRawBufferPointer {
        let count = Int(try u32())
        let at = try take(count)
        return UnsafeRawBufferPointer(rebasing: bytes[at..<at + count])
    }

    public mutating func string() throws(WireError) -> String {
        String(decoding: try rawField(), as: UTF8.self)
    }

    public mutating func optionalString() throws(WireError) -> String? {
        try bool() ? try string() : nil
    }
}

/// A frame that does not decode: the other side is broken or hostile.
public struct WireError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
