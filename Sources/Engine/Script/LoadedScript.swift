import CPythonShim
import Foundation

/// A script file compiled and run once into its own globals, whose functions the engine calls.
final class LoadedScript {
    let path: String
    /// Owned: the script's module globals.
    let globals: PyRef
    /// The script imports `random`, so each invocation reseeds it.
    let usesRandom: Bool

    init(path: String, globals: PyRef, usesRandom: Bool) {
        self.path = path
        self.globals = globals
        self.usesRandom = usesRandom
    }

    /// Functions looked up so far (owned): one lookup per script and name, not per call.
    private var functions: [(name: String, object: PyRef)] = []

    /// Drops the Python objects it owns. Hold the GIL (its owner's deinit does).
    func release() {
        for (_, object) in functions { Py_DecRef(object) }
        functions = []
        Py_DecRef(globals)
    }

    /// A borrowed reference to a top-level callable, e.g. `decide`. Hold the GIL.
    func function(named name: String) -> PyRef? {
        if let known = functions.first(where: { $0.name == name }) { return known.object }
        guard let object = PyDict_GetItemString(globals, name), PyCallable_Check(object) != 0 else { return nil }
        functions.append((name, Py_NewRef(object)))
        return object
    }

    /// `scripts/coupon.py` → `scripts.coupon`, the script's `__name__`.
    static func moduleName(of path: String) -> String {
        var name = path.hasSuffix(".py") ? String(path.dropLast(3)) : path
        name = name.replacingOccurrences(of: "/", with: ".")
        return name
    }
}
