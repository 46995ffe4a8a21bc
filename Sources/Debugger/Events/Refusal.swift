/// Why the debugger refuses something a client asked (a breakpoint, an expression); the
/// message goes back to the client as it is.
struct Refusal: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}
