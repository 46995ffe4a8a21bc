import CPythonShim
import Testing
@testable import ScriptSandbox

/// The Python layer seen from the inside, with trusted Python and the real `getattr`: this
/// test process embeds the sandbox itself (unconfined), as a worker does before confining.
@Suite(.serialized) struct ModuleProxyTests {
    /// Python lives once per process: every check here shares one session.
    nonisolated(unsafe) static let session: ScriptSession = {
        let interpreter = PythonInterpreter(heapLimit: 256 << 20)
        let session = ScriptSession(interpreter: interpreter, unguarded: false, channel: -1)
        _ = PyEval_SaveThread()  // tests run on other threads: let go of the GIL
        return session
    }()

    /// Runs trusted `source` with `proxies` bound, returns `repr(verdict)`.
    static func trusted(_ source: String) -> String? {
        let session = Self.session
        let gil = PyGILState_Ensure()
        defer { PyGILState_Release(gil) }
        let globals = PyDict_New()!
        defer { Py_DecRef(globals) }
        PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins())
        PyDict_SetItemString(globals, "proxies", session.proxies)
        guard let ran = PyRun_String(source, Py_file_input, globals, globals) else { PyErr_Print(); return nil }
        Py_DecRef(ran)
        return PyDict_GetItemString(globals, "verdict").map(reprPython)
    }

    /// No allowed module proxy leads, through public attributes, to a module or to the
    /// functions an escape wants.
    @Test func nothingReachableFromTheAllowedModulesIsAModuleOrAProcessFunction() {
        let verdict = Self.trusted("""
            import types, os, builtins
            forbidden = {id(f) for f in (os.system, os.popen, os.execv, os.fork, builtins.open, builtins.eval,
                                          builtins.exec, builtins.compile, builtins.__import__)}
            found, visited = [], 0
            for name in proxies:
                frontier = [(name, proxies[name])]
                for depth in range(3):
                    following = []
                    for path, obj in frontier:
                        for attribute in (dir(obj) if depth else list(obj.__dir__())):
                            if attribute.startswith("_"):
                                continue
                            try:
                                value = getattr(obj, attribute)
                            except Exception:
                                continue
                            if isinstance(value, types.ModuleType) or id(value) in forbidden:
                                found.append(path + "." + attribute)
                            following.append((path + "." + attribute, value))
                            visited += 1
                    frontier = following
            verdict = (found, visited > 1000)
            """)
        #expect(verdict == "([], True)")
    }

    /// Classes scripts reach through allowed modules are frozen: patching one fails, so no
    /// call can change what another call of the same worker computes.
    @Test func classesOfAllowedModulesCannotBePatched() {
        let verdict = Self.trusted("""
            refused = []
            for module, cls, attribute in [("collections", "Counter", "most_common"), ("json", "JSONEncoder", "encode"),
                                           ("random", "Random", "_randbelow"), ("statistics", "NormalDist", "mean"),
                                           ("datetime", "timezone", "utc")]:
                target = getattr(proxies[module], cls)
                try:
                    setattr(target, attribute, lambda *a: "patched")
                except TypeError as e:
                    refused.append(cls)
            verdict = refused
            """)
        #expect(verdict == "['Counter', 'JSONEncoder', 'Random', 'NormalDist', 'timezone']")
    }

    /// `functools` helpers that copy `__globals__` or evaluate annotation strings are replaced.
    @Test func functoolsHelpersThatReachGlobalsAreReplaced() {
        let verdict = Self.trusted("""
            import json
            f = proxies["functools"]
            def wrapper(): pass
            before = dict(wrapper.__globals__)
            f.update_wrapper(wrapper, json.dumps, updated=("__globals__",))
            merged = "JSONEncoder" in wrapper.__globals__
            try:
                f.singledispatch(len)
                dispatch = "allowed"
            except PermissionError as e:
                dispatch = "refused"
            verdict = (merged, dispatch, wrapper.__wrapped__ is json.dumps)
            """)
        #expect(verdict == "(False, 'refused', True)")
    }
}
