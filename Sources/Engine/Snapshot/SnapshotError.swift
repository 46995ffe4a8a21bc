/// A snapshot that cannot be taken or restored (a different version's, a damaged one);
/// the engine then rebuilds the state from the event log instead.
public struct SnapshotError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
