/// The trusted Python side of the sandbox, the first layer inside the confined worker. It runs
/// once per worker with the real builtins; scripts never see its globals. It scans sources
/// (AST), builds the whitelisted builtins and the module proxies, and defines `ctx` and the
/// exceptions the worker raises. Every name check takes exact `str` values only: a subclass
/// could answer `in` or `==` however it likes.
enum SandboxBootstrap {
    static let filename = "<featide sandbox>"

    static let source = #"""
import ast, builtins, linecache, traceback

ALLOWED_MODULES = ("math", "statistics", "json", "re", "collections", "itertools",
                   "functools", "random", "datetime")

# Attributes that hand out frames, code or globals: the way out of any sandbox.
DENIED_ATTRIBUTES = frozenset({
    "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
    "f_back", "f_builtins", "f_globals", "f_locals", "f_code", "f_trace",
    "tb_frame", "tb_next", "func_globals", "func_code",
})


class BudgetExceeded(BaseException):
    """Raised into a script that runs over its time budget."""


class SandboxViolation(PermissionError):
    """A script reached for something outside the sandbox."""


# Data-model methods a script may define on its own classes and call (`super().__init__()`):
# they reach nothing the object does not already expose. Everything else with `__` stays out
# (`__class__`, `__globals__`, `__subclasses__`, ... and `__del__`, which would run outside
# any budget whenever the garbage collector gets to it).
ALLOWED_DUNDER_METHODS = frozenset({
    "__init__", "__repr__", "__str__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__",
    "__hash__", "__bool__", "__len__", "__iter__", "__next__", "__contains__", "__getitem__",
    "__setitem__", "__delitem__", "__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__",
    "__mod__", "__neg__", "__abs__", "__call__", "__enter__", "__exit__",
})


def violation_of(name):
    if type(name) is not str:
        return "names must be plain str values, not a subclass"
    if name in ALLOWED_DUNDER_METHODS:
        return None
    if "__" in name:
        return f"'{name}' is not allowed: double-underscore names reach outside the sandbox"
    if name in DENIED_ATTRIBUTES:
        return f"'{name}' is not allowed: frame, code and traceback attributes reach outside the sandbox"
    return None


_NAME_FIELDS = ("id", "attr", "name", "asname", "arg", "module", "rest")
_NAME_LIST_FIELDS = ("names", "kwd_attrs")


def scan(source, filename):
    """Load-time check: [(line, column, kind, message)]; kind is 'syntax' or 'sandbox'."""
    try:
        tree = ast.parse(source, filename)
    except SyntaxError as e:
        return [(e.lineno or 1, e.offset or 1, "syntax", f"syntax error: {e.msg}")]
    found = []
    for node in ast.walk(tree):
        names = []
        for field in _NAME_FIELDS:
            value = getattr(node, field, None)
            if isinstance(value, str):
                names.append(value)
        for field in _NAME_LIST_FIELDS:
            value = getattr(node, field, None)
            if isinstance(value, list):
                names.extend(v for v in value if isinstance(v, str))
        for name in names:
            message = violation_of(name)
            if message:
                found.append((*_position(node, name), "sandbox", message))
    found.sort()
    return found


def top_level_functions(source):
    return [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]


def _position(node, name):
    """1-based (line, column) of `name` in `node`: the attribute itself for `x.attr`."""
    if isinstance(node, ast.Attribute) and node.end_col_offset is not None:
        return node.end_lineno, node.end_col_offset - len(name) + 1
    return getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1


def imports_module(source, module):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module == module:
            return True
    return False


def _check_attribute(name):
    if type(name) is not str:
        raise SandboxViolation("attribute names must be plain str values, not a subclass: its methods could lie to the check")
    message = violation_of(name)
    if message:
        raise SandboxViolation(message)


def _getattr(obj, name, *default):
    _check_attribute(name)
    return getattr(obj, name, *default)


def _hasattr(obj, name):
    _check_attribute(name)
    return hasattr(obj, name)


def _setattr(obj, name, value):
    _check_attribute(name)
    setattr(obj, name, value)


def _delattr(obj, name):
    _check_attribute(name)
    delattr(obj, name)


def _unavailable(name, why):
    def refuse(*args, **kwargs):
        raise SandboxViolation(f"'{name}' is not available in featide scripts: {why}")
    return refuse


_SAFE_BUILTINS = (
    "abs", "all", "any", "ascii", "bin", "bool", "bytearray", "bytes", "callable", "chr", "classmethod",
    "dict", "divmod", "enumerate", "filter", "float", "format", "frozenset", "hash", "hex",
    "int", "isinstance", "issubclass", "iter", "len", "list", "map", "max", "min", "next",
    "object", "oct", "ord", "pow", "property", "range", "repr", "reversed", "round", "set",
    "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "zip",
    "None", "True", "False", "NotImplemented", "Ellipsis",
    "BaseException", "Exception", "ArithmeticError", "AssertionError", "AttributeError",
    "IndexError", "KeyError", "LookupError", "NameError", "NotImplementedError",
    "OverflowError", "PermissionError", "RecursionError", "RuntimeError", "StopIteration",
    "TypeError", "ValueError", "ZeroDivisionError", "MemoryError",
)

_REFUSED_BUILTINS = {
    "open": "no file access", "input": "no console", "eval": "no code from strings",
    "exec": "no code from strings", "compile": "no code from strings",
    "globals": "no introspection", "locals": "no introspection", "vars": "no introspection",
    "dir": "no introspection", "type": "no introspection", "breakpoint": "use the debugger",
    "help": "no console", "exit": "scripts return instead", "quit": "scripts return instead",
    "memoryview": "no raw memory",
}


def make_builtins(native_import, native_print):
    safe = {name: getattr(builtins, name) for name in _SAFE_BUILTINS}
    for name, why in _REFUSED_BUILTINS.items():
        safe[name] = _unavailable(name, why)
    safe.update(getattr=_getattr, hasattr=_hasattr, setattr=_setattr, delattr=_delattr,
                print=native_print)
    safe["__import__"] = native_import
    safe["__build_class__"] = builtins.__build_class__
    return safe


class ModuleProxy:
    """An allowed module as scripts see it: public attributes only, never a module."""
    __slots__ = ("__name", "__attributes", "__hidden")

    def __init__(self, name, attributes, hidden):
        try:
            object.__getattribute__(self, "_ModuleProxy__name")  # no __getattr__ fallback
        except AttributeError:
            pass
        else:  # `json.__init__(...)` from a script must not swap a shared module's contents
            raise SandboxViolation("modules are read-only in featide scripts")
        object.__setattr__(self, "_ModuleProxy__name", name)
        object.__setattr__(self, "_ModuleProxy__attributes", attributes)
        object.__setattr__(self, "_ModuleProxy__hidden", hidden)

    def __getattr__(self, attribute):
        try:
            return self.__attributes[attribute]
        except KeyError:
            pass
        if attribute in self.__hidden:
            raise SandboxViolation(f"'{self.__name}.{attribute}' is hidden in featide scripts: "
                                   "modules and private names reach outside the sandbox")
        raise AttributeError(f"module '{self.__name}' has no attribute '{attribute}'")

    def __setattr__(self, attribute, value):
        raise AttributeError(f"module '{self.__name}' is read-only in featide scripts")

    def __delattr__(self, attribute):
        raise AttributeError(f"module '{self.__name}' is read-only in featide scripts")

    def __dir__(self):
        return list(self.__attributes)

    def __repr__(self):
        return f"<module '{self.__name}' (featide sandbox)>"


def _safe_update_wrapper(wrapper, wrapped, *args, **kwargs):
    # The real one copies any attributes it is told to (`updated=("__globals__",)` merges a
    # module's globals, real builtins included, into the script's): only the defaults here.
    return _functools_update_wrapper(wrapper, wrapped)


def _safe_wraps(wrapped, *args, **kwargs):
    return lambda wrapper: _safe_update_wrapper(wrapper, wrapped)


_REPLACED = {
    "functools": lambda: {
        "update_wrapper": _safe_update_wrapper,
        "wraps": _safe_wraps,
        # Both evaluate annotation strings, which the load-time scan never sees.
        "singledispatch": _unavailable("functools.singledispatch", "it evaluates annotation strings"),
        "singledispatchmethod": _unavailable("functools.singledispatchmethod", "it evaluates annotation strings"),
    },
}

import functools as _functools
_functools_update_wrapper = _functools.update_wrapper


def _proxy(name, module, replacements=None):
    attributes, hidden = {}, set()
    for attribute in dir(module):
        value = getattr(module, attribute)
        if attribute.startswith("_") or type(value).__name__ == "module":
            hidden.add(attribute)
        else:
            attributes[attribute] = value
    attributes.update(replacements or {})
    return ModuleProxy(name, attributes, frozenset(hidden))


def make_modules():
    """Proxies for the allowed modules, and the Random behind `random` (reseeded per call)."""
    import importlib, random
    proxies = {}
    rng = random.Random(0)
    for name in ALLOWED_MODULES:
        module = importlib.import_module(name)
        replacements = _REPLACED[name]() if name in _REPLACED else None
        if name == "random":
            # The module's functions are bound methods of its hidden instance: rebind them.
            replacements = {a: getattr(rng, a) for a in dir(random)
                            if not a.startswith("_") and getattr(getattr(random, a), "__self__", None) is random._inst}
        proxies[name] = _proxy(name, module, replacements)
    # C code of allowed modules imports this through the script's own `__import__` at run
    # time (`datetime.strftime` calls `time.strftime`): a proxy with only what it needs.
    import time
    proxies["time"] = ModuleProxy("time", {"strftime": time.strftime, "struct_time": time.struct_time},
                                  frozenset(a for a in dir(time) if a not in ("strftime", "struct_time")))
    return proxies, rng


def classes_to_freeze(proxies):
    """Every class scripts can reach through the allowed modules (and its bases): the worker
    makes them immutable, so `Counter.most_common = f` cannot change another call's answer."""
    found = {}
    for proxy in proxies.values():
        for attribute in dir(proxy):
            value = getattr(proxy, attribute)
            kind = value if isinstance(value, type) else type(value)
            for cls in kind.__mro__:
                found[id(cls)] = cls
    return list(found.values())


def preload_lazy_imports():
    """Modules the allowed ones import inside functions, on first use (`Counter.most_common`
    → `heapq`, `datetime.strptime` → `_strptime`; found by scanning their sources for imports
    in function bodies), imported now: once the worker is confined it cannot open a file."""
    import _strptime, copy, decimal, heapq, unicodedata, warnings, weakref, fractions, bisect
    # The codecs people use; any other one is unavailable to scripts (its import is refused).
    import encodings.latin_1, encodings.ascii, encodings.utf_8_sig, encodings.cp1252, encodings.cp437
    import encodings.utf_16, encodings.utf_16_le, encodings.utf_16_be, encodings.iso8859_15
    import encodings.utf_32, encodings.utf_32_le, encodings.utf_32_be, encodings.punycode
    import encodings.idna, encodings.unicode_escape, encodings.raw_unicode_escape
    import datetime
    datetime.datetime.strptime("2026-01-02 03:04:05", "%Y-%m-%d %H:%M:%S")


class FeatureUnavailable:
    __slots__ = ("message",)

    def __init__(self, message):
        self.message = message


class FeatureView:
    """ctx.features: read-only; declared inputs only, anything else is a PermissionError
    worded as the engine's feature service words it."""
    __slots__ = ("__values", "__caller", "__checked")

    def __init__(self, values, caller, checked):
        self.__values = values
        self.__caller = caller
        self.__checked = checked

    def __deny(self, name):
        if not self.__checked:
            return f"feature '{name}' was not provided to this script"
        inputs = ", ".join(sorted(self.__values))
        return f"{self.__caller} may not read feature '{name}': it is not among its inputs ({inputs})"

    def __getitem__(self, name):
        values = self.__values
        if name in values:
            value = values[name]
            if type(value) is FeatureUnavailable:
                raise LookupError(value.message)
            return value
        raise PermissionError(self.__deny(name))

    def get(self, name, default=None):
        value = self[name]
        return default if value is None else value

    def __contains__(self, name):
        return name in self.__values

    def __iter__(self):
        return iter(self.__values)

    def __len__(self):
        return len(self.__values)

    def keys(self):
        return list(self.__values)

    def items(self):
        return [(name, self[name]) for name in self.__values]

    def values(self):
        return [self[name] for name in self.__values]

    def __repr__(self):
        return f"<features {list(self.__values)}>"


class Context:
    """ctx (SPEC §7). `log` is the engine's native log function."""
    __slots__ = ("event", "match", "features", "input", "device", "variant", "log")

    def __init__(self, event, match, features, input, device, variant, log):
        self.event = event
        self.match = match
        self.features = features
        self.input = input
        self.device = device
        self.variant = variant
        self.log = log

    def __repr__(self):
        return f"<ctx variant={self.variant!r} features={self.features!r}>"


def describe(exc, filename):
    """(line, type name, message, traceback text) of a script failure, at the script's line."""
    line = 0
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    if line == 0 and isinstance(exc, SyntaxError) and exc.filename == filename:
        line = exc.lineno or 0
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return line, type(exc).__name__, str(exc), text


def remember_source(filename, source):
    """Tracebacks show script lines only if linecache knows the source."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def new_globals(safe_builtins, module_name):
    # A copy per script: nothing one script does to its builtins reaches another's.
    return {"__builtins__": dict(safe_builtins), "__name__": module_name}


class LogWriter:
    """sys.stdout/stderr of the interpreter: trusted code printing goes to the engine's log."""

    def __init__(self, emit):
        self.emit = emit

    def write(self, text):
        if text.strip():
            self.emit(text.rstrip("\n"))
        return len(text)

    def flush(self):
        pass
"""#
}
