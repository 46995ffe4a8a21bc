/// The trusted Python side of a stopped script, run after `DebugBootstrap` in the same
/// globals: its script frames, scopes and variables (references handed out per stop), and
/// evaluate / setVariable through `compile_expression` — the sandbox's own scan and builtins.
enum DebugInspection {
    static let filename = "<featide debugger inspection>"

    static let source = #"""
_CONTEXT_FIELDS = ("event", "features", "match", "input", "device", "variant")


def _children(value):
    """(named, pairs) of what expands under `value`, or None: a script's data only."""
    kind = type(value)
    if kind is dict:
        return True, [(_text(k), v) for k, v in value.items()]
    if kind in (list, tuple):
        return False, [(str(i), v) for i, v in enumerate(value)]
    if kind in (set, frozenset):
        return False, [(str(i), v) for i, v in enumerate(sorted(value, key=repr))]
    if kind is Context:
        return True, [(n, getattr(value, n)) for n in _CONTEXT_FIELDS]
    if kind is FeatureView:
        return True, list(value._FeatureView__values.items())
    if kind in (ModuleProxy, FeatureUnavailable, str, bytes, int, float, bool, type(None)) \
            or callable(value) or isinstance(value, type):
        return None
    pairs = [(n, v) for n, v in getattr(value, "__dict__", {}).items() if "__" not in n]
    for cls in kind.__mro__:
        for n in getattr(cls, "__slots__", ()):
            if "__" not in n and hasattr(value, n):
                pairs.append((n, getattr(value, n)))
    return (True, pairs) if pairs else None


def _visible(namespace):
    return [(n, v) for n, v in namespace.items() if type(n) is str and "__" not in n]


class Stop:
    """A stopped script: its frames (script frames only, innermost first) and the references
    handed out while it stays stopped."""

    def __init__(self, frames, ctx, script_globals):
        self.frames = frames
        self.ctx = ctx
        self.globals = script_globals
        self.refs = [None]

    def _ref(self, kind, payload):
        self.refs.append((kind, payload))
        return len(self.refs) - 1

    def _entry(self, reference):
        if not 0 < reference < len(self.refs):
            raise LookupError(f"no variables under reference {reference} in this stop")
        return self.refs[reference]

    def _frame(self, frame_id):
        if not 0 < frame_id <= len(self.frames):
            raise LookupError(f"no frame {frame_id} in this stop")
        return self.frames[frame_id - 1][0]

    def stack(self):
        return [(i + 1, f.f_code.co_qualname, line) for i, (f, line) in enumerate(self.frames)]

    def scopes(self, frame_id):
        frame = self._frame(frame_id)
        scopes = []
        if frame.f_code.co_name != "<module>":
            scopes.append(("Locals", self._ref("locals", frame), len(_visible(frame.f_locals))))
        scopes.append(("Globals", self._ref("globals", self.globals), len(_visible(self.globals))))
        if self.ctx is not None:
            scopes.append(("ctx", self._ref("value", self.ctx), len(_CONTEXT_FIELDS)))
        return scopes

    def _pairs(self, reference):
        kind, payload = self._entry(reference)
        if kind == "locals":
            return _visible(payload.f_locals)
        if kind == "globals":
            return _visible(payload)
        found = _children(payload)
        return found[1] if found else []

    def row(self, name, value):
        """(name, text, type, reference, named, indexed) of one variable."""
        found = _children(value)
        reference = named = indexed = 0
        if found and found[1]:
            reference = self._ref("value", value)
            named, indexed = (len(found[1]), 0) if found[0] else (0, len(found[1]))
        return name, _text(value), type(value).__name__, reference, named, indexed

    def variables(self, reference, start, count):
        pairs = self._pairs(reference)
        end = len(pairs) if count <= 0 else start + count
        return [self.row(n, v) for n, v in pairs[start:end]]

    def _namespace(self, frame_id):
        if frame_id:
            frame = self._frame(frame_id)
            return frame.f_globals, frame.f_locals
        return self.globals, self.globals

    def evaluate(self, text, frame_id):
        g, l = self._namespace(frame_id)
        return self.row(text, eval(compile_expression(text), g, l))

    def set_variable(self, reference, name, text):
        """The variable as set, and the frame whose fast locals must take the new value."""
        kind, payload = self._entry(reference)
        message = violation_of(name)
        if message:
            raise SandboxViolation(message)
        if kind == "locals":
            g, l = payload.f_globals, payload.f_locals
        else:
            g, l = self._namespace(1 if self.frames else 0)
        value = eval(compile_expression(text), g, l)
        if kind == "locals":
            if name not in l:
                raise NameError(f"no local variable '{name}' in this frame")
            l[name] = value
            return self.row(name, value), payload
        if kind == "globals":
            if name not in payload:
                raise NameError(f"no global variable '{name}' in this script")
            payload[name] = value
        elif type(payload) is dict:
            keys = [k for k in payload if _text(k) == name]
            if not keys:
                raise KeyError(name)
            payload[keys[0]] = value
        elif type(payload) is list:
            payload[int(name)] = value
        else:
            raise SandboxViolation(f"{type(payload).__name__} values cannot be changed from the debugger")
        return self.row(name, value), None


def live_stop(frame, filename, ctx, script_globals):
    frames = []
    while frame is not None:
        if frame.f_code.co_filename == filename:
            frames.append((frame, frame.f_lineno))
        frame = frame.f_back
    return Stop(frames, ctx, script_globals)


def post_mortem_stop(tb, filename, ctx, script_globals):
    frames = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            frames.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    frames.reverse()
    return Stop(frames, ctx, script_globals)


def exception_text(exc):
    return f"{type(exc).__name__}: {exc}"
"""#
}
