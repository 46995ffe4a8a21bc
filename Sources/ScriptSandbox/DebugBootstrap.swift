/// The trusted Python side of the script debugger, run once per worker in the sandbox
/// bootstrap's globals (it uses `scan`, `violation_of` and `SandboxViolation`). It binds
/// breakpoints to lines with code and decides whether a breakpoint line stops (condition,
/// hit condition) or logs; `DebugInspection` answers what a stopped script looks like.
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

def _text(value):
    if type(value) is FeatureUnavailable:
        return f"<unavailable: {value.message}>"
    try:
        return _repr.repr(value)
    except Exception as e:
        return f"<repr failed: {type(e).__name__}: {e}>"


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


"""#
}
