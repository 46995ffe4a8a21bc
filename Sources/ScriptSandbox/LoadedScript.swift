import CPythonShim

/// A script file compiled and run once into its own globals, whose functions the engine calls.
final class LoadedScript {
    let path: String
    /// Owned: the script's module globals.
    let globals: PyRef
    /// Owned: the `co_filename` its code objects share, so a sampled frame is known as ours.
    let filename: PyRef
    /// The script imports `random`, so each invocation reseeds it.
    let usesRandom: Bool
    /// Top-level callables looked up so far (owned): one lookup per name, not per call.
    private var functions: [(name: String, object: PyRef)] = []

    init(path: String, globals: PyRef, filename: PyRef, usesRandom: Bool) {
        self.path = path
        self.globals = globals
        self.filename = filename
        self.usesRandom = usesRandom
    }

    /// A borrowed reference to a top-level callable, e.g. `decide`.
    func function(named name: String) -> PyRef? {
        if let known = functions.first(where: { $0.name == name }) { return known.object }
        guard let object = PyDict_GetItemString(globals, name), PyCallable_Check(object) != 0 else { return nil }
        functions.append((name, Py_NewRef(object)))
        return object
    }

    /// `scripts/coupon.py` → `scripts.coupon`, the script's `__name__`.
    static func moduleName(of path: String) -> String {
        let stem = path.hasSuffix(".py") ? String(path.dropLast(3)) : path
        return String(stem.map { $0 == "/" ? "." : $0 })
    }
}
