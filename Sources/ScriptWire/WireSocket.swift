#if canImport(Glibc)
import Glibc
#endif

/// Whole writes and exact reads on one end of the worker's socket pairs. Writes never raise
/// SIGPIPE (a dead peer is an error value) and wait out a full non-blocking socket.
public enum WireSocket {
    /// Writes all of `bytes`; false if the peer is gone.
    public static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { send(fd, $0) }
    }

    public static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Bool {
        var sent = 0
        while sent < buffer.count {
            let n = Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
            if n > 0 { sent += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {  // the engine's end is non-blocking
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&poller, 1, 100)
                continue
            }
            return false
        }
        return true
    }

    /// Reads exactly `count` bytes into `buffer`; false on end of file or error.
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
}
