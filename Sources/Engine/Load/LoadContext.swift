/// Collects the diagnostics of one `check` run so that every error of a project is reported at once.
final class LoadContext {
    private(set) var diagnostics: [Diagnostic] = []
    /// Names written in documents of each kind, also those that failed to load, so that
    /// references to a broken definition do not add a second, misleading "unknown" error.
    private(set) var declaredNames: [String: Set<String>] = [:]

    func declare(_ name: String, kind: String) {
        declaredNames[kind, default: []].insert(name)
    }

    func error(at location: SourceLocation, _ message: String) {
        diagnostics.append(.error(at: location, message))
    }

    func warning(at location: SourceLocation, _ message: String) {
        diagnostics.append(.warning(at: location, message))
    }
}
