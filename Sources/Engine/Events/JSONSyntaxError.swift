/// What a JSON scanner expected and where (byte offset within the scanned line).
struct JSONSyntaxError: Error, Sendable {
    var offset: Int
    var message: String
}
