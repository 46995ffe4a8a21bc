#if canImport(Glibc)
import Glibc
#endif

/// Blocking frame I/O on one end of the worker's socket pair. Writes never raise SIGPIPE
/// (a dead peer is an error value); reads refuse frames over `WireLimits.maximumFrame`.
public enum WireSocket {
    /// Writes all of `bytes`; false if the peer is gone.
    public static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0) }
    }

    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < buffer.count {
            let n = Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }

    /// Reads exactly `count` bytes into `buffer` from `offset`; false on end of file or error.
    public static func receive(_ fd: Int32, into buffer: inout [UInt8], count: Int) -> Bool {
        if buffer.count < count { buffer = [UInt8](repeating: 0, count: max(count, buffer.count * 2)) }
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            got += n
        }
        return true
    }

    /// One whole frame: its kind and the payload's length (the payload is `buffer[0..<length]`).
    /// nil when the peer closed, or sent something that is not a frame.
    public static func receiveFrame(_ fd: Int32, into buffer: inout [UInt8]) -> (kind: UInt8, length: Int)? {
        guard receive(fd, into: &buffer, count: 5) else { return nil }
        let length = Int(UInt32(buffer[0]) | UInt32(buffer[1]) << 8 | UInt32(buffer[2]) << 16 | UInt32(buffer[3]) << 24)
        let kind = buffer[4]
        guard length >= 1, length <= WireLimits.maximumFrame else { return nil }
        guard receive(fd, into: &buffer, count: length - 1) else { return nil }
        return (kind, length - 1)
    }
}
