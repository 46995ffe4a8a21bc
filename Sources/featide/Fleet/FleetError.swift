/// A problem with a fleet command's data (a label row, a fleet file, a shard's project):
/// what was wrong and where, as the user reads it.
struct FleetError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
