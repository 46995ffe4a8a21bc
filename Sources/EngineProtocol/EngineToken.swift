/// The engine's token (its state folder's `token` file), as both of its servers check it.
public enum EngineToken {
    /// Compares in time independent of where the strings differ.
    public static func matches(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
