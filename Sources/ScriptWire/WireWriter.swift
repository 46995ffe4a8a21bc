/// Builds frames: fixed-width little-endian numbers, length-prefixed UTF-8 strings.
public struct WireWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    private var frameStart = 0

    public init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// Starts a frame of `kind`; `finishFrame()` fills in its length.
    public mutating func beginFrame(_ kind: WireMessage) {
        beginFrame(rawKind: kind.rawValue)
    }

    /// Starts a frame of a kind from another message family (`WireDebug`).
    public mutating func beginFrame(rawKind: UInt8) {
        frameStart = bytes.count
        u32(0)
        u8(rawKind)
    }

    public mutating func finishFrame() {
        let length = UInt32(bytes.count - frameStart - 4)
        withUnsafeBytes(of: length.littleEndian) { raw in
            for i in 0..<4 { bytes[frameStart + i] = raw[i] }
        }
    }

    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    @inline(__always) public mutating func u8(_ v: UInt8) { bytes.append(v) }
    @inline(__always) public mutating func tag(_ t: WireTag) { bytes.append(t.rawValue) }
    @inline(__always) public mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    @inline(__always) public mutating func u32(_ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) public mutating func u64(_ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inline(__always) public mutating func i64(_ v: Int64) { u64(UInt64(bitPattern: v)) }
    @inline(__always) public mutating func f64(_ v: Double) { u64(v.bitPattern) }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    public mutating func raw(_ buffer: UnsafeRawBufferPointer) {
        u32(UInt32(buffer.count))
        bytes.append(contentsOf: buffer)
    }

    /// A string or `null` tag-free: a presence byte, then the string.
    public mutating func optionalString(_ s: String?) {
        bool(s != nil)
        if let s { string(s) }
    }
}
