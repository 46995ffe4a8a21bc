import Glibc
import ScriptWire

/// Frames arriving on a non-blocking socket: bytes are read as they come and whole frames
/// handed out, so a worker that sends half a frame and stops can never block the engine.
struct FrameInbox {
    private var buffer = [UInt8](repeating: 0, count: 64 << 10)
    private var start = 0
    private var end = 0

    enum Fill { case some, none, closed }

    /// Reads whatever is available now.
    mutating func fill(from fd: Int32) -> Fill {
        if start > 0, start == end { start = 0; end = 0 }
        if end == buffer.count {
            if start > 0 {
                buffer.replaceSubrange(0..<end - start, with: buffer[start..<end])
                end -= start
                start = 0
            } else {
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
            }
        }
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + end, $0.count - end, Int32(MSG_DONTWAIT)) }
        if n > 0 { end += n; return .some }
        if n == 0 { return .closed }
        return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? .none : .closed
    }

    enum Next { case frame(UInt8, Range<Int>), incomplete, malformed }

    /// The next whole frame's kind and payload range, consumed.
    mutating func next() -> Next {
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

    /// Reads a payload `next()` handed out (valid until the next `fill`).
    func read<T>(_ payload: Range<Int>, _ body: (inout WireReader) throws(WireError) -> T) -> Result<T, WireError> {
        buffer.withUnsafeBytes { raw in
            var reader = WireReader(UnsafeRawBufferPointer(rebasing: raw[payload]))
            do throws(WireError) { return .success(try body(&reader)) } catch { return .failure(error) }
        }
    }
}
