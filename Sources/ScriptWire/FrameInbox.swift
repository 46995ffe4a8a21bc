import Glibc

/// Frames arriving on a socket: bytes are read as they come (many frames, or part of one, per
/// `recv`) and whole frames handed out. The engine reads without blocking, so a worker that
/// sends half a frame and stops can never block it; the worker blocks when it is idle.
public struct FrameInbox {
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var start = 0
    private var end = 0

    public init() {}

    public enum Fill { case some, none, closed }

    /// Reads whatever is available now (`blocking`: waits for at least one byte).
    public mutating func fill(from fd: Int32, blocking: Bool = false) -> Fill {
        if start == end { start = 0; end = 0 }
        // Keep room for a frame header and a useful read; grow for a large frame.
        if buffer.count - end < 4096 {
            if start > 0 {
                buffer.replaceSubrange(0..<end - start, with: buffer[start..<end])
                end -= start
                start = 0
            }
            if buffer.count - end < 4096 {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        let flags = blocking ? Int32(0) : Int32(MSG_DONTWAIT)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + end, $0.count - end, flags) }
        if n > 0 { end += n; return .some }
        if n == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .none : .closed
    }

    public enum Next { case frame(UInt8, Range<Int>), incomplete, malformed }

    /// The next whole frame's kind and payload range, consumed.
    public mutating func next() -> Next {
        guard end - start >= 5 else { return .incomplete }
        let length = Int(UInt32(buffer[start]) | UInt32(buffer[start + 1]) << 8 | UInt32(buffer[start + 2]) << 16
                         | UInt32(buffer[start + 3]) << 24)
        guard length >= 1, length <= WireLimits.maximumFrame else { return .malformed }
        guard end - start >= 4 + length else { return .incomplete }
        let kind = buffer[start + 4]
        let payload = start + 5..<start + 4 + length
        start += 4 + length
        return .frame(kind, payload)
    }

    /// Spins up to `nanoseconds` reading what arrives (the peer's answer is caught without the
    /// scheduler's wake-up latency, several µs each way); true once something came or the
    /// peer closed.
    public mutating func spin(on fd: Int32, nanoseconds: UInt64) -> Bool {
        let start = MonotonicClock.nanoseconds()
        while true {
            switch fill(from: fd) {
            case .some, .closed: return true
            case .none: if MonotonicClock.nanoseconds() &- start >= nanoseconds { return false }
            }
        }
    }

    /// Reads a payload `next()` handed out (valid until the next `fill`).
    public func read<T>(_ payload: Range<Int>, _ body: (inout WireReader) throws(WireError) -> T) -> Result<T, WireError> {
        buffer.withUnsafeBytes { raw in
            var reader = WireReader(UnsafeRawBufferPointer(rebasing: raw[payload]))
            do throws(WireError) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
    }
}
