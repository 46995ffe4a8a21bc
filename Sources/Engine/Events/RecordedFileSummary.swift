/// What `featide check` needs of a recorded file, gathered in one streaming pass so that
/// checking a long recording holds no events: where its times lie relative to its first
/// event, and the first errors (SPEC §2 shows at most `reportedErrorLimit`).
public struct RecordedFileSummary: Sendable {
    /// More errors than this in one file are summed up in one line (SPEC §2).
    public static let reportedErrorLimit = 100

    /// The first event's `ts`; nil when the file has no event.
    public private(set) var firstTs: Int64?
    /// The last event's offset from the first, in file order (where a `+D` after it counts from).
    public private(set) var lastOffset: Int64 = 0
    /// The smallest and largest offsets from the first event (a recording may be out of order).
    public private(set) var offsets: ClosedRange<Int64>?
    /// The first errors, one more than are shown (the line of the summing-up line).
    public private(set) var errors: [EventDecodeError] = []
    public private(set) var errorCount = 0
    /// No event and no error: nothing but blank lines, or no bytes at all.
    public var isEmpty: Bool { firstTs == nil && errorCount == 0 }

    /// Reads a file; nil when it cannot be read.
    public init?(path: String) {
        guard let reader = RecordedEventReader(path: path) else { return nil }
        while let (_, result) = reader.next() {
            switch result {
            case .success(let event):
                let first = firstTs ?? event.ts
                firstTs = first
                let offset = event.ts - first  // both within the event range: no overflow
                lastOffset = offset
                offsets = offsets.map { min($0.lowerBound, offset)...max($0.upperBound, offset) } ?? offset...offset
            case .failure(let error):
                if errors.count <= Self.reportedErrorLimit { errors.append(error) }
                errorCount += 1
            }
        }
    }
}
