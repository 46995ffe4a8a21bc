/// Collects the diagnostics of one `check` run so that every error of a project is reported at once.
final class LoadContext {
    private(set) var diagnostics: [Diagnostic] = []

    func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(.error(at: location, message))
    }

    func warning(at location: SourceLocation, _ message: String) {
        diagnostics.append(.warning(at: location, message))
    }
}
