#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a recorded JSON Lines file (SPEC §2) in fixed chunks and decodes one line per
/// `next()`, so a replay holds a chunk and the line being decoded, never the whole file.
/// A leading BOM is skipped (columns count bytes after it), blank lines are skipped, and a
/// bad line is an error (invalid UTF-8 at its first bad byte) while reading goes on.
public final class RecordedEventReader {
    /// Large enough that a read call per chunk costs nothing beside decoding it.
    public static let chunkSize = 1 << 16

    private let descriptor: Int32
    private var decoder = EventDecoder()
    /// Unread bytes are `buffer[start..<end]`; a line longer than the buffer doubles it.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var reachedEnd = false
    private var checkedByteOrderMark = false
    /// Lines read so far, blank ones included.
    public private(set) var lineNumber = 0
    /// Bytes left to read when reading a part of the file; nil reads to its end.
    private var unreadInPart: Int?

    /// Opens a file; nil when it cannot be opened.
    public init?(path: String, chunkSize: Int = RecordedEventReader.chunkSize) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 16))
    }

    /// Reads only `bytes` of the file, which start at a line's start; lines are numbered from
    /// the part's first, and only a part at the file's start can hold a byte order mark.
    public convenience init?(path: String, bytes: Range<Int>) {
        self.init(path: path)
        guard lseek(descriptor, off_t(bytes.lowerBound), SEEK_SET) == off_t(bytes.lowerBound) else { return nil }
        unreadInPart = bytes.count
        checkedByteOrderMark = bytes.lowerBound > 0
    }

    deinit { close(descriptor) }

    /// The next non-blank line's event or error with its 1-based line number; nil at the end.
    public func next() -> (line: Int, result: Result<Event, EventDecodeError>)? {
        while let line = nextLine() {
            if let decoded = decode(line) { return decoded }
        }
        return nil
    }

    /// Appends the next non-blank line's event or error, as `next()` gives it, to `batch`;
    /// false at the end. Decoded straight into the batch: handing the result over through
    /// `next()` copied it, every field retained, and destroyed the original.
    func appendNext(to batch: inout [(line: Int, result: Result<Event, EventDecodeError>)]) -> Bool {
        while let line = nextLine() {
            let appended = buffer.withUnsafeBufferPointer { all -> Bool in
                let bytes = UnsafeBufferPointer(rebasing: all[line])
                if EventDecoder.isBlank(bytes) { return false }
                batch.append((lineNumber, decoder.decodeLine(bytes, lineNumber: lineNumber)))
                return true
            }
            if appended { return true }
        }
        return false
    }

    /// The next non-blank line's `ts` or error, as `next()` would give them, without building
    /// the event when the line is plain (`PlainEventTime`): for checks that need only times.
    public func nextTime() -> (line: Int, result: Result<Int64, EventDecodeError>)? {
        while let line = nextLine() {
            let ts = buffer.withUnsafeBufferPointer { PlainEventTime.of(UnsafeBufferPointer(rebasing: $0[line])) }
            if let ts { return (lineNumber, .success(ts)) }
            if let (number, result) = decode(line) { return (number, result.map(\.ts)) }
        }
        return nil
    }

    /// The bounds of the next line in `buffer` (without its newline), reading as needed.
    private func nextLine() -> Range<Int>? {
        while true {
            if !checkedByteOrderMark, reachedEnd || end - start >= 3 {
                checkedByteOrderMark = true
                if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF { start += 3 }
            }
            if checkedByteOrderMark, let newline = newlineIndex() {
                defer { start = newline + 1 }
                lineNumber += 1
                return start..<newline
            }
            if reachedEnd {
                guard start < end else { return nil }
                defer { start = end }
                lineNumber += 1
                return start..<end
            }
            fill()
        }
    }

    private func newlineIndex() -> Int? {
        guard start < end else { return nil }
        return buffer.withUnsafeBufferPointer { all -> Int? in
            guard let found = memchr(all.baseAddress! + start, 0x0A, end - start) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(all.baseAddress!)
        }
    }

    /// Moves the unread bytes to the front and reads one more chunk after them.
    private func fill() {
        if start > 0 {
            let unread = end - start
            buffer.withUnsafeMutableBufferPointer { all in
                _ = memmove(all.baseAddress!, all.baseAddress! + start, unread)
            }
            start = 0
            end = unread
        }
        if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
        let wanted = min(buffer.count - end, unreadInPart ?? .max)
        let count = buffer.withUnsafeMutableBufferPointer { all -> Int in
            while true {
                let n = wanted == 0 ? 0 : read(descriptor, all.baseAddress! + end, wanted)
                if n < 0, errno == EINTR { continue }
                return n
            }
        }
        // A read error ends the file as its end would: what was read is still replayed.
        if count <= 0 { reachedEnd = true } else {
            end += count
            unreadInPart? -= count
        }
    }

    private func decode(_ line: Range<Int>) -> (line: Int, result: Result<Event, EventDecodeError>)? {
        buffer.withUnsafeBufferPointer { all in
            let bytes = UnsafeBufferPointer(rebasing: all[line])
            if EventDecoder.isBlank(bytes) { return nil }
            return (lineNumber, decoder.decodeLine(bytes, lineNumber: lineNumber))
        }
    }
}
