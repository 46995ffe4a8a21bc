/// Short ASCII strings made without `String(decoding:)`'s validation pass: a value such as
/// `"sku123"` is a small string (up to 15 bytes, no allocation) whose two words are the bytes
/// themselves plus a count, so they can be written directly. Bytes that are ASCII are valid
/// UTF-8 whatever the line held, so this is safe for unchecked input too.
///
/// The two words follow the standard library's small-string layout on 64-bit platforms
/// (`_StringObject`, frozen by the ABI): bytes 0-7 little-endian in the first word, bytes 8-14
/// in the second, whose top byte is the discriminator (immortal, small, ASCII: 0xE) and the
/// count. `layoutHolds` checks that layout once against strings the standard library made;
/// where it does not hold, every string takes `String(decoding:)`.
enum SmallASCIIString {
    static let maxCount = 15

    /// The string of `count` bytes at `base`, or nil when longer than 15 bytes or not all
    /// ASCII. `readable` is how many bytes from `base` may be read (at least `count`): with
    /// 16 or more, two word loads replace a byte loop.
    @inline(__always)
    static func make(_ base: UnsafePointer<UInt8>, count: Int, readable: Int) -> String? {
        guard count <= maxCount, layoutHolds else { return nil }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if readable >= 16 {
            let raw = UnsafeRawPointer(base)
            low = raw.loadUnaligned(as: UInt64.self)
            high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            if count < 8 {
                low &= (1 << (8 * UInt64(count))) &- 1
                high = 0
            } else {
                high &= (1 << (8 * UInt64(count - 8))) &- 1
            }
        } else {
            for i in 0..<min(count, 8) { low |= UInt64(base[i]) << (8 * UInt64(i)) }
            if count > 8 { for i in 8..<count { high |= UInt64(base[i]) << (8 * UInt64(i - 8)) } }
        }
        guard (low | high) & 0x8080_8080_8080_8080 == 0 else { return nil }
        return words(low, high | (0xE0 | UInt64(count)) << 56)
    }

    @inline(__always)
    private static func words(_ low: UInt64, _ high: UInt64) -> String {
        unsafeBitCast((low, high), to: String.self)
    }

    /// Whether strings built here are the very strings the standard library builds (the
    /// words of each length compared), so using them changes nothing.
    static let layoutHolds: Bool = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<(UInt64, UInt64)>.size == 16 else { return false }
        let sample = Array("abcdefghijklmnop".utf8)
        for count in 0...maxCount {
            let made = String(decoding: sample[..<count], as: UTF8.self)
            var low: UInt64 = 0
            var high: UInt64 = 0
            for i in 0..<count {
                if i < 8 { low |= UInt64(sample[i]) << (8 * UInt64(i)) } else { high |= UInt64(sample[i]) << (8 * UInt64(i - 8)) }
            }
            // Compared as words: no String is made from words that might not be one.
            guard unsafeBitCast(made, to: (UInt64, UInt64).self) == (low, high | (0xE0 | UInt64(count)) << 56) else { return false }
        }
        return true
    }()
}

extension String {
    /// The string for bytes that are valid UTF-8 or will be repaired as `String(decoding:)`
    /// does; short ASCII takes `SmallASCIIString` (no validation pass, no allocation).
    /// `readable`: bytes readable from the start (the rest of the line), at least `bytes.count`.
    @inline(__always)
    init(decodingJSON bytes: UnsafeBufferPointer<UInt8>, readable: Int) {
        if let base = bytes.baseAddress, let small = SmallASCIIString.make(base, count: bytes.count, readable: readable) {
            self = small
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}
