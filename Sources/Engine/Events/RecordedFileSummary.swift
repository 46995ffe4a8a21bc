#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// What `featide check` needs of a recorded file, gathered in one streaming pass so that
/// checking a long recording holds no events: where its times lie relative to its first
/// event, and the first errors (SPEC §2 shows at most `reportedErrorLimit`).
/// A large file is read as two halves on two threads (the second core is idle while a
/// project loads); the halves' summaries join into exactly the one-pass summary.
public struct RecordedFileSummary: Sendable {
    /// More errors than this in one file are summed up in one line (SPEC §2).
    public static let reportedErrorLimit = 100
    /// Below this size a second thread costs more than it saves.
    public static let smallestSplitFile = 4 << 20

    /// The first event's `ts`; nil when the file has no event.
    public var firstTs: Int64? { part.firstTs }
    /// The last event's offset from the first, in file order (where a `+D` after it counts from).
    public var lastOffset: Int64 { part.firstTs.map { part.lastTs - $0 } ?? 0 }
    /// The smallest and largest offsets from the first event (a recording may be out of order).
    public var offsets: ClosedRange<Int64>? {
        part.firstTs.map { first in (part.smallestTs - first)...(part.largestTs - first) }
    }
    /// The first errors, one more than are shown (the line of the summing-up line).
    public var errors: [EventDecodeError] { part.errors }
    public var errorCount: Int { part.errorCount }
    /// No event and no error: nothing but blank lines, or no bytes at all.
    public var isEmpty: Bool { firstTs == nil && errorCount == 0 }

    private let part: Part

    /// Reads a file; nil when it cannot be read.
    /// `inParallel`: the halves of a large file on two threads, where decoding ahead would use
    /// the second core (`DecodeAheadReader.isWorthwhile`).
    public init?(path: String, splitFrom smallestSplit: Int = RecordedFileSummary.smallestSplitFile,
                 inParallel: Bool = DecodeAheadReader.isWorthwhile) {
        guard inParallel, let halves = Self.halves(of: path, splitFrom: smallestSplit) else {
            guard let reader = RecordedEventReader(path: path) else { return nil }
            part = Part(reading: reader)
            return
        }
        nonisolated(unsafe) var parts: [Part?] = [nil, nil]
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            parts[index] = RecordedEventReader(path: path, bytes: halves[index]).map(Part.init(reading:))
        }
        guard let first = parts[0], let second = parts[1] else { return nil }
        part = first.followed(by: second)
    }

    /// The file's bytes cut in two just after the newline nearest its middle; nil when the
    /// file is small, unreadable or has no newline after its middle.
    static func halves(of path: String, splitFrom smallestSplit: Int) -> [Range<Int>]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(status.st_size)
        guard size >= smallestSplit, size > 1 else { return nil }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var position = size / 2
        while position < size {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(position)) }
            guard count > 0 else { return nil }
            if let newline = chunk.prefix(count).firstIndex(of: 0x0A) {
                let cut = position + newline + 1
                return cut < size ? [0..<cut, cut..<size] : nil
            }
            position += count
        }
        return nil
    }

    /// One pass over some of a file's lines, its times raw (not yet relative to the file's first).
    struct Part: Sendable {
        var firstTs: Int64?
        var lastTs: Int64 = 0
        var smallestTs: Int64 = .max
        var largestTs: Int64 = .min
        var errors: [EventDecodeError] = []
        var errorCount = 0
        var lineCount = 0

        init(reading reader: RecordedEventReader) {
            while let (_, result) = reader.nextTime() {
                switch result {
                case .success(let ts):
                    if firstTs == nil { firstTs = ts }
                    lastTs = ts
                    smallestTs = min(smallestTs, ts)
                    largestTs = max(largestTs, ts)
                case .failure(let error):
                    if errors.count <= RecordedFileSummary.reportedErrorLimit { errors.append(error) }
                    errorCount += 1
                }
            }
            lineCount = reader.lineNumber
        }

        /// This part and then `next`, whose lines came after this one's.
        func followed(by next: Part) -> Part {
            var joined = self
            if next.firstTs != nil {
                if joined.firstTs == nil { joined.firstTs = next.firstTs }
                joined.lastTs = next.lastTs
                joined.smallestTs = min(smallestTs, next.smallestTs)
                joined.largestTs = max(largestTs, next.largestTs)
            }
            let room = RecordedFileSummary.reportedErrorLimit + 1 - errors.count
            joined.errors += next.errors.prefix(max(0, room)).map { error in
                var shifted = error
                shifted.line += lineCount
                return shifted
            }
            joined.errorCount += next.errorCount
            joined.lineCount += next.lineCount
            return joined
        }
    }
}
