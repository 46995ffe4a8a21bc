/// Where a replay's recorded lines come from: decoded on demand (`RecordedEventReader`) or
/// ahead on a thread of their own (`DecodeAheadReader`); both give the same lines in order.
public protocol RecordedLineSource: AnyObject {
    /// The next non-blank line's event or error with its 1-based line number; nil at the end.
    func next() -> (line: Int, result: Result<Event, EventDecodeError>)?
}

extension RecordedEventReader: RecordedLineSource {}
extension DecodeAheadReader: RecordedLineSource {}
