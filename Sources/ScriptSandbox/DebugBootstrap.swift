/// The trusted Python side of the script debugger, run once per worker in the sandbox
/// bootstrap's globals (it uses `scan`, `violation_of`, `SandboxViolation` and the `ctx`
/// classes). It binds breakpoints to lines with code, decides whether a breakpoint line
/// stops (condition, hit condition) or logs, and answers what a stopped script looks like.
/// Every expression a user types (condition, `{expr}` of a log message, evaluate, a value for
/// setVariable) passes the same load-time scan as scripts and runs with the script's own
/// sandboxed builtins: the debugger opens no new way out.
enum DebugBootstrap {
    static let filename = "<featide debugger>"

    static let source = #"""
import bisect as _bisect, reprlib as _reprlib, types as _types

_EXPRESSION_FILE = "<debug expression>"


def code_lines(code):
    """Every line where a script can stop: the lines of `code` and of the code nested in it."""
    lines, todo = set(), [code]
    while todo:
        current = todo.pop()
        lines.update(line for _, _, line in current.co_lines() if line)
        todo.extend(c for c in current.co_consts if isinstance(c, _types.CodeType))
    return sorted(lines)


def compile_expression(text):
    """Code for an expression typed into the debugger, checked as scripts are at load."""
    if type(text) is not str:
        raise SandboxViolation("expressions must be plain str values")
    for line, column, kind, message in scan(text, _EXPRESSION_FILE):
        raise (SyntaxError if kind == "syntax" else SandboxViolation)(message)
    return compile(text, _EXPRESSION_FILE, "eval")


def _hit_test(text):
    """`N` or `==N` (that hit), `>N`, `>=N`, `<N`, `<=N`, `%N` (every Nth)."""
    text = text.strip()
    for op in (">=", "<=", "==", ">", "<", "%"):
        if text.startswith(op):
            text = text[len(op):].strip()
            break
    else:
        op = "=="
    n = int(text)
    if op == "%" and n <= 0:
        raise ValueError("%N needs N > 0")
    return {">=": lambda h: h >= n, "<=": lambda h: h <= n, "==": lambda h: h == n,
            ">": lambda h: h > n, "<": lambda h: h < n, "%": lambda h: h % n == 0}[op]


def _log_template(text):
    """A log message's parts: literal strings and compiled `{expr}` codes (`{{`, `}}` escape)."""
    parts, literal, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c in "{}" and text[i + 1:i + 2] == c:
            literal.append(c)
            i += 2
        elif c == "{":
            end = text.find("}", i)
            if end < 0:
                raise SyntaxError("a '{' in the log message has no closing '}'")
            parts.append("".join(literal))
            literal = []
            parts.append(compile_expression(text[i + 1:end]))
            i = end + 1
        else:
            literal.append(c)
            i += 1
    parts.append("".join(literal))
    return parts


def _run(code, frame):
    return eval(code, frame.f_globals, frame.f_locals)


class Breakpoint:
    __slots__ = ("line", "condition", "hit", "log", "hits")

    def __init__(self, line, condition, hit, log):
        self.line = line
        self.condition = compile_expression(condition) if condition else None
        self.hit = _hit_test(hit) if hit else None
        self.log = _log_template(log) if log else None
        self.hits = 0


class _Repr(_reprlib.Repr):
    def __init__(self):
        super().__init__()
        self.maxstring = self.maxother = 240
        self.maxlist = self.maxtuple = self.maxdict = self.maxset = 20
        self.maxlevel = 3

_repr = _Repr()

_CONTEXT_FIELDS = ("event", "features", "match", "input", "device", "variant")


def _text(value):
    if type(value) is FeatureUnavailable:
        return f"<unavailable: {value.message}>"
    try:
        return _repr.repr(value)
    except Exception as e:
        return f"<repr failed: {type(e).__name__}: {e}>"


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


class Debugger:
    """One worker's breakpoints, bound to the script's code once it is compiled."""

    def __init__(self):
        self.requested = []
        self.lines = None
        self.bound = {}

    def set_breakpoints(self, requested):
        self.requested = requested
        return self.bind()

    def attach_code(self, code):
        self.lines = code_lines(code)
        return self.bind()

    def bind(self):
        """[(verified, line, message)] in the order requested, and the lines that now break."""
        states, self.bound = [], {}
        for line, condition, hit, log in self.requested:
            try:
                breakpoint = Breakpoint(line, condition, hit, log)
            except (SyntaxError, ValueError, SandboxViolation) as e:
                states.append((False, line, f"{type(e).__name__}: {e}"))
                continue
            if self.lines is None:
                states.append((False, line, "the script is not loaded yet; the breakpoint binds when it loads"))
                continue
            at = _bisect.bisect_left(self.lines, line)
            if at == len(self.lines):
                states.append((False, line, f"no code at or after line {line}"))
                continue
            breakpoint.line = actual = self.lines[at]
            self.bound.setdefault(actual, []).append(breakpoint)
            moved = None if actual == line else f"line {line} has no code: moved to line {actual}"
            states.append((True, actual, moved))
        return states, sorted(self.bound)

    def on_line(self, frame, line):
        """(stop, why, log messages) for a breakpoint line being reached."""
        stop, why, logs = False, None, []
        for breakpoint in self.bound.get(line, ()):
            if breakpoint.condition is not None:
                try:
                    if not _run(breakpoint.condition, frame):
                        continue
                except Exception as e:
                    stop, why = True, f"the condition failed: {type(e).__name__}: {e}"
                    continue
            breakpoint.hits += 1
            if breakpoint.hit is not None and not breakpoint.hit(breakpoint.hits):
                continue
            if breakpoint.log is not None:
                logs.append(self._interpolate(breakpoint.log, frame))
            else:
                stop = True
        return stop, why, logs

    @staticmethod
    def _interpolate(parts, frame):
        out = []
        for part in parts:
            if type(part) is str:
                out.append(part)
                continue
            try:
                value = _run(part, frame)
                out.append(value if type(value) is str else _text(value))
            except Exception as e:
                out.append(f"<{type(e).__name__}: {e}>")
        return "".join(out)


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
