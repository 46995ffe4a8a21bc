/// The bytes of one key as the last line wrote it at the same place — from just after the
/// `{` or `,` through the `:` and the spaces after it (quotes included) — and what those
/// bytes decoded to; also used for a quoted value that is interned (`type`, `page`). Lines
/// in a stream repeat their layout, so the next line's key is usually these very bytes: two
/// masked word compares then stand for skipping whitespace, scanning the quoted key,
/// matching or interning it and expecting the colon. Identical bytes decode
/// identically, so a match gives the same result as the general path; anything else (other
/// bytes, other spacing, less than 16 bytes left on the line) takes the general path.
struct KeyPrediction {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private var lowMask: UInt64 = 0
    private var highMask: UInt64 = 0
    /// How many bytes the key spans; 0 while nothing is recorded.
    private(set) var length = 0
    /// What the key decoded to: a field index or an interned id.
    private(set) var id: Int32 = -1

    static let maxLength = 16

    /// Whether the bytes at `offset` are the recorded key.
    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        guard length > 0, offset + Self.maxLength <= bytes.count else { return false }
        let raw = UnsafeRawPointer(bytes.baseAddress! + offset)
        return raw.loadUnaligned(as: UInt64.self) & lowMask == low
            && raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & highMask == high
    }

    mutating func forget() { length = 0 }

    /// Remembers the key spanning `start..<end` and what it decoded to; a longer span (or a
    /// span too near the line's end to load as two words) forgets the last one.
    @inline(__always)
    mutating func record(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, id: Int32) {
        let count = end - start
        guard count > 0, count <= Self.maxLength, start + Self.maxLength <= bytes.count else {
            length = 0
            return
        }
        let raw = UnsafeRawPointer(bytes.baseAddress! + start)
        lowMask = count >= 8 ? ~0 : (1 << (8 * UInt64(count))) &- 1
        highMask = count <= 8 ? 0 : count == 16 ? ~0 : (1 << (8 * UInt64(count - 8))) &- 1
        low = raw.loadUnaligned(as: UInt64.self) & lowMask
        high = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) & highMask
        length = count
        self.id = id
    }
}
